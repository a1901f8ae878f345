// The transport's view of the credentials layer. A type-only copy of the Authenticator interface from
// src/huaweicloud/credentials/ (written in parallel); once that module exists this file should re-export
// its type instead of declaring it.

export interface AuthenticatorRequest {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string;
}

export interface Authenticator {
  /** The complete headers to send: the given ones plus signature or token headers. */
  apply(req: AuthenticatorRequest, signal?: AbortSignal): Promise<Record<string, string>>;
  /** Where the credentials came from (explicit, env, file, metadata, password); never a secret. */
  readonly source: string;
  readonly projectId: string | undefined;
  /** Forget cached credentials or tokens; called after a 401. */
  invalidate(): void;
}
