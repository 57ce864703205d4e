// Unmanaged memory for everything that crosses the JS/WASM boundary.
//
// Blocks come from the runtime's TLSF heap (heap.alloc / heap.free) and are
// re-aligned to `align` bytes. A 16-byte header before each aligned pointer
// records the raw pointer, the size and a magic word, so frees of foreign or
// already-freed pointers abort with a message instead of corrupting the heap.
// Live bytes and live blocks are counted so tests can check for leaks.

const MAGIC: u32 = 0x5add1e00;
const FREED: u32 = 0xdeadf7ee;
const HEADER: usize = 16;
export const DEFAULT_ALIGN: usize = 64;

let liveBytes: usize = 0;
let liveBlocks: i32 = 0;
let peakBytes: usize = 0;

/** Returns a pointer to `bytes` bytes aligned to `align` (a power of two >= 16), or aborts. */
export function allocAligned(bytes: usize, align: usize = DEFAULT_ALIGN): usize {
  assert(align >= 16 && (align & (align - 1)) == 0, "mem: align must be a power of two >= 16");
  const raw = heap.alloc(bytes + align + HEADER);
  const aligned = (raw + HEADER + align - 1) & ~(align - 1);
  store<u32>(aligned - 16, <u32>raw);
  store<u32>(aligned - 12, <u32>bytes);
  store<u32>(aligned - 8, MAGIC);
  liveBytes += bytes;
  liveBlocks += 1;
  if (liveBytes > peakBytes) peakBytes = liveBytes;
  return aligned;
}

/** Frees a pointer returned by allocAligned. Aborts on a pointer that is not live. */
export function freeAligned(ptr: usize): void {
  if (ptr == 0) return;
  assert(ptr >= HEADER && (ptr & 15) == 0, "mem_free: pointer was not allocated by saddle");
  assert(load<u32>(ptr - 8) == MAGIC, "mem_free: pointer is not a live saddle block (double free or foreign pointer)");
  const raw = <usize>load<u32>(ptr - 16);
  const bytes = <usize>load<u32>(ptr - 12);
  store<u32>(ptr - 8, FREED);
  liveBytes -= bytes;
  liveBlocks -= 1;
  heap.free(raw);
}

/** Size in bytes of a live block. */
export function blockSize(ptr: usize): usize {
  assert(load<u32>(ptr - 8) == MAGIC, "mem_size: pointer is not a live saddle block");
  return <usize>load<u32>(ptr - 12);
}

/**
 * A kernel's fixed scratch, reserved once when the module starts and never freed.
 * Taken from the heap rather than declared with memory.data, so the .wasm carries no
 * zero-filled data segment (an imported memory cannot be assumed zero, so binaryen
 * keeps such segments). Not counted in the live bytes: it is not a leak. Zeroed, as
 * static data was.
 */
export function reserveStatic(bytes: usize, align: usize): usize {
  const raw = heap.alloc(bytes + align);
  const aligned = (raw + align - 1) & ~(align - 1);
  memory.fill(aligned, 0, bytes);
  return aligned;
}

export function getLiveBytes(): usize { return liveBytes; }
export function getLiveBlocks(): i32 { return liveBlocks; }
export function getPeakBytes(): usize { return peakBytes; }

// ---- Arenas: bump allocation inside one block, freed all at once. ----
// Layout of the 16-byte arena record: [base u32, capacity u32, offset u32, magic u32].
const ARENA_MAGIC: u32 = 0xa7e4a000;

export function arenaCreate(capacity: usize): usize {
  const rec = allocAligned(16, 16);
  const base = allocAligned(capacity, DEFAULT_ALIGN);
  store<u32>(rec, <u32>base);
  store<u32>(rec, <u32>capacity, 4);
  store<u32>(rec, 0, 8);
  store<u32>(rec, ARENA_MAGIC, 12);
  return rec;
}

@inline function checkArena(rec: usize): void {
  assert(rec != 0 && load<u32>(rec, 12) == ARENA_MAGIC, "arena: not a live arena");
}

/** Bump-allocates `bytes` aligned to `align`; returns 0 when the arena is full. */
export function arenaAlloc(rec: usize, bytes: usize, align: usize): usize {
  checkArena(rec);
  assert(align >= 1 && (align & (align - 1)) == 0, "arena_alloc: align must be a power of two");
  const base = <usize>load<u32>(rec);
  const capacity = <usize>load<u32>(rec, 4);
  const start = (base + <usize>load<u32>(rec, 8) + align - 1) & ~(align - 1);
  if (start + bytes > base + capacity) return 0;
  store<u32>(rec, <u32>(start + bytes - base), 8);
  return start;
}

export function arenaUsed(rec: usize): usize { checkArena(rec); return <usize>load<u32>(rec, 8); }
export function arenaCapacity(rec: usize): usize { checkArena(rec); return <usize>load<u32>(rec, 4); }
export function arenaReset(rec: usize): void { checkArena(rec); store<u32>(rec, 0, 8); }

export function arenaDestroy(rec: usize): void {
  checkArena(rec);
  store<u32>(rec, 0, 12);
  freeAligned(<usize>load<u32>(rec));
  freeAligned(rec);
}
