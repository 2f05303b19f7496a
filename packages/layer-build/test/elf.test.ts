import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ELF_MACHINE, readElfHeader } from '../src/elf.js';

function header(fields: {
  cls: number;
  data: number;
  machine: number;
}): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.write('\x7fELF', 0, 'latin1');
  bytes[4] = fields.cls;
  bytes[5] = fields.data;
  if (fields.data === 1) bytes.writeUInt16LE(fields.machine, 18);
  else bytes.writeUInt16BE(fields.machine, 18);
  return bytes;
}

describe('readElfHeader', () => {
  it('reads e_machine in either byte order', () => {
    expect(readElfHeader(header({ cls: 2, data: 1, machine: 0xb7 }))).toEqual({
      bits: 64,
      littleEndian: true,
      machine: ELF_MACHINE.arm64,
    });
    expect(readElfHeader(header({ cls: 1, data: 2, machine: 0x15 }))).toEqual({
      bits: 32,
      littleEndian: false,
      machine: 0x15,
    });
  });

  it("reads this machine's own node as its architecture", async () => {
    const file = await open(process.execPath);
    const { buffer } = await file.read(Buffer.alloc(64), 0, 64, 0);
    await file.close();

    const expected = process.arch === 'arm64' ? 0xb7 : 0x3e;
    expect(readElfHeader(buffer).machine).toBe(expected);
  });

  it('refuses what is not ELF', () => {
    expect(() => readElfHeader(Buffer.from('#!/bin/sh\nexit 0\n'))).toThrow(
      'not an ELF file'
    );
  });
});
