// The control API's answer to bad input: the status to send and a message naming the problem. Its own file so
// the control route modules (control.ts, agency-control.ts) share it without importing each other.

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
