// Memory the exporter retains, read over the inspector protocol: a full garbage collection
// (HeapProfiler.collectGarbage), then process.memoryUsage() in the exporter (Runtime.evaluate), so the
// figures show what is held rather than what a collector has not got round to freeing yet, and no scrape
// (which might start a refresh) stands between the two. Only the bench starts the exporter with --inspect.

import { WebSocket } from 'undici';

const TIMEOUT_MS = 10_000;

async function debuggerUrl(inspectPort) {
  const response = await fetch(`http://127.0.0.1:${inspectPort}/json/list`);
  const [target] = await response.json();
  if (target?.webSocketDebuggerUrl === undefined) throw new Error('no inspector target in the exporter');
  return target.webSocketDebuggerUrl;
}

/** Sends the calls in order over one connection; resolves with their results. */
async function call(inspectPort, calls) {
  const socket = new WebSocket(await debuggerUrl(inspectPort));
  const results = [];
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('inspector: no answer')), TIMEOUT_MS);
      const sendNext = () => {
        const next = calls[results.length];
        socket.send(JSON.stringify({ id: results.length + 1, ...next }));
      };
      socket.addEventListener('error', () => reject(new Error('inspector connection failed')));
      socket.addEventListener('open', sendNext);
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data));
        if (message.id !== results.length + 1) return;
        if (message.error !== undefined) reject(new Error(`inspector: ${message.error.message}`));
        results.push(message.result);
        if (results.length < calls.length) return sendNext();
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    socket.close();
  }
  return results;
}

/** process.memoryUsage() of the exporter right after a full collection. */
export async function memoryAfterGc(inspectPort) {
  const [, evaluated] = await call(inspectPort, [
    { method: 'HeapProfiler.collectGarbage' },
    {
      method: 'Runtime.evaluate',
      params: { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true },
    },
  ]);
  return JSON.parse(evaluated.result.value);
}
