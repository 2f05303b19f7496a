/** ELF `e_machine` values of the two Lambda architectures. */
export const ELF_MACHINE = { x86_64: 0x3e, arm64: 0xb7 } as const;

/** What the first 20 bytes of an ELF file say. */
export interface ElfHeader {
  /** 64 for ELFCLASS64, 32 for ELFCLASS32. */
  readonly bits: 32 | 64;
  readonly littleEndian: boolean;
  /** `e_machine`: 0x3e x86-64, 0xb7 AArch64. */
  readonly machine: number;
}

/**
 * Reads the identification and `e_machine` of an ELF file's header, so a
 * binary for another CPU can be checked without running it.
 *
 * @example
 * readElfHeader(await readFile('node')).machine === ELF_MACHINE.arm64;
 */
export function readElfHeader(bytes: Uint8Array): ElfHeader {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 20 || view.toString('latin1', 0, 4) !== '\x7fELF') {
    throw new Error('not an ELF file');
  }
  const littleEndian = view[5] === 1;
  return {
    bits: view[4] === 2 ? 64 : 32,
    littleEndian,
    machine: littleEndian ? view.readUInt16LE(18) : view.readUInt16BE(18),
  };
}
