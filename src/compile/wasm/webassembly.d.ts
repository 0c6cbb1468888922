/**
 * The part of the WebAssembly JavaScript API the kernels use. Node and every browser
 * have it, but TypeScript declares it only in the DOM library, which this project does
 * not load (the core must not assume a browser).
 */
declare namespace WebAssembly {
  interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    /** A SharedArrayBuffer for a shared memory. */
    readonly buffer: ArrayBufferLike;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  type ExportValue = unknown;
  type Exports = Record<string, ExportValue>;
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Exports;
  }
  function validate(bytes: Uint8Array): boolean;
}
