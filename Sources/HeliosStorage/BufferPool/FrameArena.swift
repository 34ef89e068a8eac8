// Frame memory for the buffer pool, carved from large anonymous mappings that the kernel may back
// with 2 MiB transparent huge pages. A point lookup touches a few random pages of a pool that can
// be gigabytes large; with 4 KiB pages nearly every touch also misses the TLB, and the page walk
// costs about as much as the cache miss itself. Measured on 1M rows (8 KiB pages, 112 MiB of
// leaves): see BufferPool.swift's README notes.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out page-sized, page-aligned frames; never moves them. Memory returns to the system in
/// whole chunks only when the pool goes away; a retired frame's pages are released with madvise.
struct FrameArena {
    let frameSize: Int
    private(set) var chunks: [(base: UnsafeMutableRawPointer, byteCount: Int)] = []
    private var nextOffset = 0
    private var chunkEnd = 0

    static let hugePageSize = 2 << 20
    static let chunkByteCount = 32 << 20

    init(frameSize: Int) { self.frameSize = frameSize }

    /// A new frame's memory, or nil if the system has none to give.
    mutating func allocate() -> UnsafeMutableRawPointer? {
        if chunks.isEmpty || nextOffset + frameSize > chunkEnd {
            guard addChunk() else { return nil }
        }
        let frame = chunks[chunks.count - 1].base + nextOffset
        nextOffset += frameSize
        return frame
    }

    /// Gives a frame's physical memory back to the system; the address stays valid and reads zero.
    func release(_ frame: UnsafeMutableRawPointer) {
        _ = madvise(frame, frameSize, Int32(MADV_DONTNEED))
    }

    /// Unmaps everything; no frame may be used afterwards.
    mutating func deallocateAll() {
        for chunk in chunks { munmap(chunk.base, chunk.byteCount) }
        chunks = []
    }

    private mutating func addChunk() -> Bool {
        let byteCount = Self.chunkByteCount + Self.hugePageSize
        guard let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { return false }
        _ = madvise(mapped, byteCount, Int32(MADV_HUGEPAGE))
        chunks.append((mapped, byteCount))
        // Start at the first 2 MiB boundary, so whole huge pages back the frames.
        let address = Int(bitPattern: mapped)
        let aligned = (address + Self.hugePageSize - 1) & ~(Self.hugePageSize - 1)
        nextOffset = aligned - address
        chunkEnd = nextOffset + Self.chunkByteCount
        return true
    }
}
