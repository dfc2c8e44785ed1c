/**
 * Nesting depth read from the frame's bytes, before JSON.parse: a record nested thousands
 * of levels deep gets a typed error, never a stack overflow in parse, stringify or zod.
 */
import { describe, expect, it } from 'vitest';
import {
  decodePreAuthMessage,
  decodeRequest,
  decodeServerMessage,
  LIMITS,
  nestingDepth,
} from '../../src/protocol/index.js';

const deep = (levels: number, inner = '1') => {
  let s = inner;
  for (let i = 0; i < levels; i++) s = i % 3 === 0 ? `[${s}]` : `{"a":${s}}`;
  return s;
};

const signWith = (recordJson: string) =>
  `{"v":1,"type":"sign","id":"r1","batchId":"b1","token":{"serial":"s"},"certificateId":"01","role":"principal","total":1,"documents":[{"docId":"d1","name":"x","kind":"record","record":${recordJson}}]}`;

describe('nestingDepth', () => {
  it('counts arrays and objects, not brackets inside strings or escapes', () => {
    expect(nestingDepth('1', 10)).toBe(0);
    expect(nestingDepth('{"a":[1,{"b":[]}]}', 10)).toBe(4);
    expect(nestingDepth('{"a":"[[[[{{{{"}', 10)).toBe(1);
    expect(nestingDepth('{"a":"\\"[[[[\\\\"}', 10)).toBe(1);
    expect(nestingDepth('"\\\\"[[', 10)).toBe(2);
  });

  it('reads UTF-8 bytes the same as text (no multi-byte character holds a bracket byte)', () => {
    const text = '{"tên":"Nguyễn [Thị] Hoa 漢字 😀","b":[[{"c":"}}}"}]]}';
    expect(nestingDepth(new TextEncoder().encode(text), 10)).toBe(nestingDepth(text, 10));
    expect(nestingDepth(text, 10)).toBe(4);
  });

  it('stops counting past the limit (linear, no allocation per level)', () => {
    expect(nestingDepth(deep(100_000), 32)).toBe(33);
  });
});

describe('decoding a deeply nested message', () => {
  it('refuses a 4,200-level record with MESSAGE_TOO_DEEP, without throwing', () => {
    const frame = signWith(deep(4200));
    expect(() => JSON.stringify(JSON.parse(frame))).toThrow(RangeError);
    expect(decodeRequest(frame)).toMatchObject({ status: 'error', error: { code: 'MESSAGE_TOO_DEEP' } });
    expect(decodeRequest(new TextEncoder().encode(frame))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_DEEP' },
    });
  });

  it('accepts a record right up to the bound and refuses one level more', () => {
    // The sign message itself holds the record 3 levels down (message, documents[], document).
    const room = LIMITS.messageDepth - 3;
    expect(decodeRequest(signWith(deep(room))).status).toBe('ok');
    expect(decodeRequest(signWith(`{"x":${deep(room)}}`))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_DEEP' },
    });
  });

  it('bounds depth before the pre-auth schema and on what the extension reads', () => {
    expect(decodePreAuthMessage(deep(2000))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_LARGE' },
    });
    expect(decodePreAuthMessage(deep(600))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_DEEP' },
    });
    expect(decodeServerMessage(deep(5000))).toMatchObject({
      status: 'error',
      error: { code: 'MESSAGE_TOO_DEEP' },
    });
  });
});
