using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Interns UTF-8 byte keys (team ids) to dense indexes without decoding them: open addressing, linear probing.
/// Each slot keeps a 64-bit summary of its key (the key itself, zero-padded, for keys of up to 8 bytes such as
/// <c>T21</c>; a hash of the first and last 8 bytes otherwise) and the key's length, so that a short key is found with
/// one 64-bit compare and a long one with a compare of the whole key only when the summaries agree.
/// </summary>
internal sealed class Utf8KeyTable
{
    private readonly List<byte[]> _keys = [];
    private Slot[] _slots = new Slot[64];

    private struct Slot
    {
        public ulong Summary;
        public int Length;
        public int IndexPlusOne;
    }

    public int Count => _keys.Count;

    public byte[] this[int index] => _keys[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        var summary = Summary(key);
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = (int)Mix(summary, key.Length) & mask;
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.IndexPlusOne == 0)
            {
                return Add(key, summary, i);
            }
            if (slot.Summary == summary && slot.Length == key.Length && (key.Length <= 8 || key.SequenceEqual(_keys[slot.IndexPlusOne - 1])))
            {
                return slot.IndexPlusOne - 1;
            }
            i = (i + 1) & mask;
        }
    }

    private int Add(ReadOnlySpan<byte> key, ulong summary, int at)
    {
        _keys.Add(key.ToArray());
        _slots[at] = new Slot { Summary = summary, Length = key.Length, IndexPlusOne = _keys.Count };
        if (_keys.Count * 2 > _slots.Length)
        {
            var old = _slots;
            _slots = new Slot[old.Length * 2];
            var mask = _slots.Length - 1;
            foreach (var slot in old)
            {
                if (slot.IndexPlusOne == 0)
                {
                    continue;
                }
                var i = (int)Mix(slot.Summary, slot.Length) & mask;
                while (_slots[i].IndexPlusOne != 0)
                {
                    i = (i + 1) & mask;
                }
                _slots[i] = slot;
            }
        }
        return _keys.Count - 1;
    }

    /// <summary>Keys of up to 8 bytes exactly (little-endian, zero-padded); longer keys hashed from their first and last 8 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Summary(ReadOnlySpan<byte> key)
    {
        var n = key.Length;
        if (n >= 8)
        {
            var a = BinaryPrimitives.ReadUInt64LittleEndian(key);
            return n == 8 ? a : (a * 0x9E3779B97F4A7C15UL) ^ BinaryPrimitives.ReadUInt64LittleEndian(key[(n - 8)..]);
        }
        // Two overlapping reads put every byte at its own position (the overlap holds the same bytes twice).
        if (n >= 4)
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key[(n - 4)..]) << ((n - 4) * 8));
        }
        if (n >= 2)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(key[(n - 2)..]) << ((n - 2) * 8));
        }
        return n == 1 ? key[0] : 0UL;
    }

    private static uint Mix(ulong summary, int length)
    {
        var h = (summary ^ (ulong)length) * 0xC2B2AE3D27D4EB4FUL;
        return (uint)(h >> 32);
    }
}
