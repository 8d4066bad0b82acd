// Coded errors: each package keeps one registry of codes; domain code throws CodedError.
/** One entry of an error registry: a stable code, an HTTP status and a fix for the user. */
export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
  readonly suggestion?: string;
}

/** An error that carries a registry code; a single handler per server maps it to a response. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly suggestion?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/**
 * Builds a typed factory over a registry: `errors.NOT_FOUND({id})` fills `{id}` in the
 * message and suggestion templates.
 */
export function defineErrors<T extends Record<string, ErrorSpec>>(
  prefix: string,
  registry: T,
): { [K in keyof T]: (params?: Record<string, string | number>, detail?: string) => CodedError } {
  const out = {} as Record<string, (p?: Record<string, string | number>, d?: string) => CodedError>;
  for (const [key, spec] of Object.entries(registry)) {
    out[key] = (params = {}, detail) =>
      new CodedError(
        `${prefix}_${key}`,
        spec.status,
        fill(spec.message, params),
        spec.suggestion === undefined ? undefined : fill(spec.suggestion, params),
        detail,
      );
  }
  return out as { [K in keyof T]: (p?: Record<string, string | number>, d?: string) => CodedError };
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
