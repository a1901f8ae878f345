/** See runbook-url.mjs. */
export declare const RUNBOOK_URL_PATTERN: string;
