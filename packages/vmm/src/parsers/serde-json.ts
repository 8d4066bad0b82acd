// Decodes JSON against a serde-like schema, failing with serde_json's wording and line/column positions.
//
// Firecracker answers a bad body with the text of a serde_json error ("missing field `x` at line 1
// column 21"). Clients match on it, so we decode the way serde's derive does: field by field, in
// order, with positions computed the way serde_json computes them (bytes consumed on the line).

export type UintType = 'u8' | 'u16' | 'u32' | 'u64' | 'usize';

export type Schema =
  | { kind: 'struct'; name: string; fields: Record<string, Field>; denyUnknown: boolean }
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'uint'; type: UintType }
  | { kind: 'enum'; variants: readonly string[] }
  | { kind: 'option'; inner: Schema }
  | { kind: 'vec'; inner: Schema }
  | { kind: 'any' }
  /** A value decoded as `inner`, then checked; a returned string is a serde "custom" error. */
  | { kind: 'custom'; inner: Schema; check: (value: unknown) => string | undefined };

/** `required` mirrors a Rust field with neither `Option` nor `#[serde(default)]`. */
export interface Field {
  schema: Schema;
  required?: boolean;
}

/** A serde_json error: `message` already carries " at line L column C" when serde would add it. */
export class SerdeJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerdeJsonError';
  }
}

/** An error raised by a visitor, which serde positions where the enclosing struct stopped reading. */
class UnpositionedError extends Error {}

const UINT_MAX: Record<UintType, bigint> = {
  u8: 255n,
  u16: 65_535n,
  u32: 4_294_967_295n,
  u64: 18_446_744_073_709_551_615n,
  usize: 18_446_744_073_709_551_615n,
};

type ParsedNumber = { kind: 'int'; value: bigint; text: string } | { kind: 'float'; value: number };

/** Decodes `text` as one JSON document of shape `schema`. Throws SerdeJsonError. */
export function decodeJson<T = unknown>(text: string, schema: Schema): T {
  const reader = new Reader(text);
  const value = reader.decode(schema);
  reader.skipWhitespace();
  if (reader.peek() !== undefined) throw reader.peekError('trailing characters');
  return value as T;
}

/** serde's `one_of`: "`a`", "`a` or `b`", "one of `a`, `b`, `c`". */
export function oneOf(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length === 1) return quoted[0] as string;
  if (quoted.length === 2) return `${quoted[0]} or ${quoted[1]}`;
  return `one of ${quoted.join(', ')}`;
}

/** Rust prints the shortest round-trip digits, like JS, but never in exponent form ("18446744073709552000"). */
export function rustFloat(value: number): string {
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const exponent = Number(text.slice(e + 1));
  const [whole = '', fraction = ''] = text.slice(sign.length, e).split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

class Reader {
  private i = 0;

  constructor(private readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.i];
  }

  skipWhitespace(): void {
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') return;
      this.i++;
    }
  }

  /** Position after the last consumed character (serde_json's `error`). */
  error(message: string): SerdeJsonError {
    return this.at(message, this.i);
  }

  /** Position of the character about to be read (serde_json's `peek_error`). */
  peekError(message: string): SerdeJsonError {
    return this.at(message, Math.min(this.text.length, this.i + 1));
  }

  private at(message: string, index: number): SerdeJsonError {
    const before = this.text.slice(0, index);
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.slice(0, lineStart).split('\n').length;
    const column = Buffer.byteLength(before.slice(lineStart));
    return new SerdeJsonError(`${message} at line ${line} column ${column}`);
  }

  decode(schema: Schema): unknown {
    this.skipWhitespace();
    const c = this.peek();
    if (c === undefined) throw this.peekError('EOF while parsing a value');
    switch (schema.kind) {
      case 'option':
        if (c === 'n') {
          this.i++;
          this.ident('ull');
          return undefined;
        }
        return this.decode(schema.inner);
      case 'any':
        return this.anyValue();
      case 'string':
        if (c !== '"') throw this.invalidType('a string');
        this.i++;
        return this.string();
      case 'bool':
        if (c === 't' || c === 'f') {
          this.i++;
          this.ident(c === 't' ? 'rue' : 'alse');
          return c === 't';
        }
        throw this.invalidType('a boolean');
      case 'uint':
        return this.uint(schema.type);
      case 'enum': {
        if (c !== '"') throw this.peekError('expected value');
        this.i++;
        const variant = this.string();
        if (!schema.variants.includes(variant)) {
          throw this.error(`unknown variant \`${variant}\`, expected ${oneOf(schema.variants)}`);
        }
        return variant;
      }
      case 'vec':
        if (c !== '[') throw this.invalidType('a sequence');
        this.i++;
        return this.sequence(() => this.decode(schema.inner));
      case 'struct':
        if (c !== '{') throw this.invalidType(`struct ${schema.name}`);
        this.i++;
        return this.struct(schema);
      case 'custom': {
        const value = this.decode(schema.inner);
        const problem = schema.check(value);
        if (problem !== undefined) throw new UnpositionedError(problem);
        return value;
      }
    }
  }

  private uint(type: UintType): number {
    const c = this.peek();
    if (c !== '-' && !(c !== undefined && c >= '0' && c <= '9')) throw this.invalidType(type);
    const n = this.number();
    if (n.kind === 'float')
      throw this.error(`invalid type: floating point \`${rustFloat(n.value)}\`, expected ${type}`);
    if (n.value < 0n || n.value > UINT_MAX[type]) {
      throw this.error(`invalid value: integer \`${n.text}\`, expected ${type}`);
    }
    return Number(n.value);
  }

  private struct(schema: Extract<Schema, { kind: 'struct' }>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    try {
      let first = true;
      for (;;) {
        if (this.atClose('}', first)) break;
        first = false;
        const key = this.objectKey();
        const field = Object.hasOwn(schema.fields, key) ? schema.fields[key] : undefined;
        if (field === undefined && schema.denyUnknown) {
          const names = Object.keys(schema.fields);
          const expected = names.length === 0 ? 'there are no fields' : `expected ${oneOf(names)}`;
          throw new UnpositionedError(`unknown field \`${key}\`, ${expected}`);
        }
        if (field !== undefined && seen.has(key)) throw new UnpositionedError(`duplicate field \`${key}\``);
        seen.add(key);
        this.colon();
        if (field === undefined) {
          this.anyValue();
          continue;
        }
        const value = this.decode(field.schema);
        if (value !== undefined) out[key] = value;
      }
      for (const [name, field] of Object.entries(schema.fields)) {
        if (field.required && !seen.has(name)) throw new UnpositionedError(`missing field \`${name}\``);
      }
      this.i++; // the closing brace
      return out;
    } catch (err) {
      if (!(err instanceof UnpositionedError)) throw err;
      // serde_json runs `end_map` even after a visitor error, then stamps the position there.
      this.skipWhitespace();
      if (this.peek() === '}') this.i++;
      throw this.error(err.message);
    }
  }

  private colon(): void {
    this.skipWhitespace();
    const c = this.peek();
    if (c === ':') {
      this.i++;
      return;
    }
    throw this.peekError(c === undefined ? 'EOF while parsing an object' : 'expected `:`');
  }

  /**
   * Between the elements of a list or object, with serde_json's errors: true at the closing
   * bracket (left for the caller to consume), else positioned at the next element.
   */
  private atClose(close: ']' | '}', first: boolean): boolean {
    this.skipWhitespace();
    let c = this.peek();
    if (c === close) return true;
    if (c === ',' && !first) {
      this.i++;
      this.skipWhitespace();
      c = this.peek();
      if (c === close) throw this.peekError('trailing comma');
    } else if (c === undefined) {
      throw this.peekError(close === ']' ? 'EOF while parsing a list' : 'EOF while parsing an object');
    } else if (!first) {
      throw this.peekError(`expected \`,\` or \`${close}\``);
    }
    return false;
  }

  /** An object's key, opening quote included. */
  private objectKey(): string {
    const c = this.peek();
    if (c === undefined) throw this.peekError('EOF while parsing a value');
    if (c !== '"') throw this.peekError('key must be a string');
    this.i++;
    return this.string();
  }

  private sequence<T>(element: () => T): T[] {
    const out: T[] = [];
    let first = true;
    for (;;) {
      if (this.atClose(']', first)) {
        this.i++;
        return out;
      }
      first = false;
      out.push(element());
    }
  }

  /** Any JSON value (serde_json::Value, or a field ignored because it is unknown). */
  private anyValue(): unknown {
    this.skipWhitespace();
    const c = this.peek();
    if (c === undefined) throw this.peekError('EOF while parsing a value');
    if (c === '"') {
      this.i++;
      return this.string();
    }
    if (c === '{') {
      this.i++;
      return this.anyObject();
    }
    if (c === '[') {
      this.i++;
      return this.sequence(() => this.anyValue());
    }
    if (c === 't' || c === 'f' || c === 'n') {
      this.i++;
      this.ident(c === 't' ? 'rue' : c === 'f' ? 'alse' : 'ull');
      return c === 't' ? true : c === 'f' ? false : null;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const n = this.number();
      return n.kind === 'int' ? Number(n.value) : n.value;
    }
    throw this.peekError('expected value');
  }

  private anyObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let first = true;
    for (;;) {
      if (this.atClose('}', first)) {
        this.i++;
        return out;
      }
      first = false;
      const key = this.objectKey();
      this.colon();
      // Define the property so a key named "__proto__" stays plain data.
      Object.defineProperty(out, key, {
        value: this.anyValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  /** serde_json's `peek_invalid_type`: consume the offending token, describe it, error after it. */
  private invalidType(expected: string): SerdeJsonError {
    const c = this.peek();
    let unexpected: string;
    if (c === 'n' || c === 't' || c === 'f') {
      this.i++;
      this.ident(c === 'n' ? 'ull' : c === 't' ? 'rue' : 'alse');
      unexpected = c === 'n' ? 'null' : `boolean \`${c === 't'}\``;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const n = this.number();
      unexpected = n.kind === 'int' ? `integer \`${n.text}\`` : `floating point \`${rustFloat(n.value)}\``;
    } else if (c === '"') {
      this.i++;
      unexpected = `string ${JSON.stringify(this.string())}`;
    } else if (c === '[') {
      unexpected = 'sequence';
    } else if (c === '{') {
      unexpected = 'map';
    } else {
      return this.peekError('expected value');
    }
    return this.error(`invalid type: ${unexpected}, expected ${expected}`);
  }

  private ident(rest: string): void {
    for (const expected of rest) {
      const c = this.peek();
      if (c === undefined) throw this.peekError('EOF while parsing a value');
      if (c !== expected) throw this.peekError('expected ident');
      this.i++;
    }
  }

  /** A JSON number starting at the current character; integers beyond u64 become floats, as in serde_json. */
  private number(): ParsedNumber {
    const start = this.i;
    if (this.peek() === '-') this.i++;
    const digit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
    if (!digit(this.peek())) throw this.peekError('invalid number');
    if (this.peek() === '0') {
      this.i++;
      if (digit(this.peek())) throw this.peekError('invalid number');
    } else {
      while (digit(this.peek())) this.i++;
    }
    let isFloat = false;
    if (this.peek() === '.') {
      this.i++;
      if (!digit(this.peek())) throw this.peekError('invalid number');
      while (digit(this.peek())) this.i++;
      isFloat = true;
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      if (!digit(this.peek())) throw this.peekError('invalid number');
      while (digit(this.peek())) this.i++;
      isFloat = true;
    }
    const text = this.text.slice(start, this.i);
    if (!isFloat) {
      const value = BigInt(text);
      const fits = value >= -(2n ** 63n) && value <= UINT_MAX.u64;
      if (fits) return { kind: 'int', value, text: value.toString() };
    }
    const value = Number(text);
    if (!Number.isFinite(value)) throw this.error('number out of range');
    return { kind: 'float', value };
  }

  /** A string body; the opening quote is already consumed. */
  private string(): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.peekError('EOF while parsing a string');
      this.i++;
      if (c === '"') return out;
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      if (c.charCodeAt(0) < 0x20)
        throw this.error('control character (\\u0000-\\u001F) found while parsing a string');
      out += c;
    }
  }

  private escape(): string {
    const c = this.peek();
    if (c === undefined) throw this.peekError('EOF while parsing a string');
    this.i++;
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (c in simple) return simple[c] as string;
    if (c !== 'u') throw this.error('invalid escape');
    const hex = this.text.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
      this.i = Math.min(this.text.length, this.i + 4);
      throw this.error(hex.length < 4 ? 'EOF while parsing a string' : 'invalid escape');
    }
    this.i += 4;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }
}
