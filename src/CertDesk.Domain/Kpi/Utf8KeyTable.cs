using System.Buffers.Binary;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Interns UTF-8 byte keys (team ids) to dense indexes without decoding them: open addressing, linear probing,
/// plus a one-entry cache for runs of the same key.
/// </summary>
internal sealed class Utf8KeyTable
{
    private readonly List<byte[]> _keys = [];
    private int[] _slots = new int[64];
    private int _last = -1;

    public int Count => _keys.Count;

    public byte[] this[int index] => _keys[index];

    public int GetOrAdd(ReadOnlySpan<byte> key)
    {
        if (_last >= 0 && key.SequenceEqual(_keys[_last]))
        {
            return _last;
        }
        var mask = _slots.Length - 1;
        var i = (int)Hash(key) & mask;
        while (_slots[i] != 0)
        {
            var candidate = _slots[i] - 1;
            if (key.SequenceEqual(_keys[candidate]))
            {
                return _last = candidate;
            }
            i = (i + 1) & mask;
        }
        _keys.Add(key.ToArray());
        _slots[i] = _keys.Count;
        if (_keys.Count * 2 > _slots.Length)
        {
            Grow();
        }
        return _last = _keys.Count - 1;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var k = 0; k < _keys.Count; k++)
        {
            var i = (int)Hash(_keys[k]) & mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }
            _slots[i] = k + 1;
        }
    }

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        // The first and last eight bytes (overlapping, or packed when shorter) and the length: enough for ids.
        ulong a, b;
        if (key.Length >= 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(key);
            b = BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]);
        }
        else
        {
            a = 0;
            for (var i = 0; i < key.Length; i++)
            {
                a |= (ulong)key[i] << (8 * i);
            }
            b = 0;
        }
        var h = (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)key.Length;
        return (uint)(h >> 32) ^ (uint)h;
    }
}
