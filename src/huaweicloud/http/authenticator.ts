// The transport's view of the credentials layer: the one Authenticator interface, declared in
// credentials/authenticator.ts, re-exported so the http/ files need not reach into credentials/.

export type { Authenticator, AuthenticatorRequest } from '../credentials/authenticator.js';
