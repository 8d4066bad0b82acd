// The decoder must word and position errors exactly as serde_json does, since Firecracker's faults carry them.
import { describe, expect, it } from 'vitest';
import { MachineConfig } from './schemas.js';
import { decodeJson, oneOf, rustFloat, type Schema } from './serde-json.js';

const err = (text: string, schema: Schema = MachineConfig) => {
  try {
    decodeJson(text, schema);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('decoded without error');
};

describe('decodeJson', () => {
  it('positions a missing field after the closing brace (Firecracker integration test values)', () => {
    expect(err('{"mem_size_mib": 128}')).toBe('missing field `vcpu_count` at line 1 column 21');
    expect(err('{"vcpu_count": 2}')).toBe('missing field `mem_size_mib` at line 1 column 17');
  });

  it('counts lines and columns across a multi-line body', () => {
    const body = '{\n            "vcpu_count": 2,\n            "smt": true\n        }';
    expect(err(body)).toBe('missing field `mem_size_mib` at line 4 column 9');
  });

  it('names an unknown field after its key, listing the expected ones', () => {
    expect(err('{"vcpu_count":1,"foo":2}')).toBe(
      'unknown field `foo`, expected one of `vcpu_count`, `mem_size_mib`, `smt`, `cpu_template`, `track_dirty_pages`, `huge_pages` at line 1 column 21',
    );
  });

  it('words type and range errors like serde', () => {
    expect(err('{"vcpu_count":"2","mem_size_mib":1}')).toBe(
      'invalid type: string "2", expected u8 at line 1 column 17',
    );
    expect(err('{"vcpu_count":-2,"mem_size_mib":1}')).toBe(
      'invalid value: integer `-2`, expected u8 at line 1 column 16',
    );
    expect(err('{"vcpu_count":1,"mem_size_mib":18446744073709551616}')).toBe(
      'invalid type: floating point `18446744073709552000`, expected usize at line 1 column 51',
    );
    expect(err('{"vcpu_count":1,"mem_size_mib":1,"smt":"yes"}')).toBe(
      'invalid type: string "yes", expected a boolean at line 1 column 44',
    );
    expect(err('{"vcpu_count":1,"mem_size_mib":1,"huge_pages":"7M"}')).toBe(
      'unknown variant `7M`, expected `None` or `2M` at line 1 column 50',
    );
    expect(err('"x"')).toBe('invalid type: string "x", expected struct MachineConfig at line 1 column 3');
  });

  it('reports syntax errors with serde_json wording', () => {
    expect(err('invalid_payload')).toBe('expected value at line 1 column 1');
    expect(err('')).toBe('EOF while parsing a value at line 1 column 0');
    expect(err('{"vcpu_count":1,}')).toBe('trailing comma at line 1 column 17');
    expect(err('{"vcpu_count":1')).toBe('EOF while parsing an object at line 1 column 15');
    expect(err('{"vcpu_count" 1}')).toBe('expected `:` at line 1 column 15');
    expect(err('{"vcpu_count":1,"mem_size_mib":1} x')).toBe('trailing characters at line 1 column 35');
    expect(err('{"vcpu_count":1,"vcpu_count":1}')).toBe('duplicate field `vcpu_count` at line 1 column 28');
  });

  it('decodes optional, defaulted and nested values', () => {
    expect(decodeJson('{"vcpu_count":2,"mem_size_mib":256,"cpu_template":null}', MachineConfig)).toEqual({
      vcpu_count: 2,
      mem_size_mib: 256,
    });
    expect(decodeJson('{"a":[1,{"b":null}]}', { kind: 'any' })).toEqual({ a: [1, { b: null }] });
  });

  it('joins expected names like serde one_of', () => {
    expect(oneOf(['V1'])).toBe('`V1`');
    expect(oneOf(['V1', 'V2'])).toBe('`V1` or `V2`');
    expect(oneOf(['a', 'b', 'c'])).toBe('one of `a`, `b`, `c`');
  });
});

describe('rustFloat', () => {
  it('expands exponents the way Rust displays f64', () => {
    expect(rustFloat(2 ** 64)).toBe('18446744073709552000');
    expect(rustFloat(1e21)).toBe('1000000000000000000000');
    expect(rustFloat(1.5e-7)).toBe('0.00000015');
    expect(rustFloat(-2.5)).toBe('-2.5');
  });
});
