using System.Security.Cryptography;

namespace CertDesk.Data;

/// <summary>One secret of the key ring, named by an id that is stored beside every seal made with it.</summary>
public sealed record SealingKey(string Id, byte[] Secret);

/// <summary>
/// The keys that seal evidence (the audit chain and its checkpoints, backups, signed agreements, the cookie key ring),
/// kept outside the database: whoever can rewrite the database cannot forge a seal. A key file (one <c>ID BASE64</c>
/// line per key, the last one current) or an environment secret (<c>ID:BASE64,ID:BASE64</c>). Rotation appends a key:
/// new seals use it, old seals still verify with the key their id names.
/// </summary>
public sealed class SealingKeys
{
    public const string FileVariable = "CERTDESK_KEY_FILE";
    public const string SecretVariable = "CERTDESK_KEYS";
    public const string FileSetting = "Keys:File";
    public const string DefaultFile = "data/certdesk.keys";

    private readonly string? _secret;
    private readonly string _path;
    private readonly bool _generateIfMissing;
    private readonly Lock _lock = new();
    private (DateTime WrittenAt, long Length, IReadOnlyList<SealingKey> Keys)? _loaded;

    private SealingKeys(string? secret, string path, bool generateIfMissing)
    {
        _secret = secret;
        _path = Path.GetFullPath(path);
        _generateIfMissing = generateIfMissing;
    }

    /// <summary>The environment secret wins; then the key file (setting <c>Keys:File</c> or <c>CERTDESK_KEY_FILE</c>); else <c>data/certdesk.keys</c>, generated on first use (development and demo only).</summary>
    public static SealingKeys Resolve(IConfiguration? configuration)
    {
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        var file = configuration?[FileSetting] is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable(FileVariable);
        return string.IsNullOrWhiteSpace(file)
            ? new SealingKeys(string.IsNullOrWhiteSpace(secret) ? null : secret, DefaultFile, generateIfMissing: true)
            : new SealingKeys(string.IsNullOrWhiteSpace(secret) ? null : secret, file, generateIfMissing: false);
    }

    /// <summary>A key ring read from one file only (tests and <c>keys</c> commands).</summary>
    public static SealingKeys FromFile(string path, bool generateIfMissing = false) => new(null, path, generateIfMissing);

    /// <summary>Where the keys come from, for messages that tell an operator what to configure.</summary>
    public string Source => _secret is not null ? $"the environment variable {SecretVariable}" : $"the key file {_path}";

    public SealingKey Current => Keys()[^1];

    public SealingKey? Find(string id) => Keys().FirstOrDefault(k => k.Id == id);

    public IReadOnlyList<SealingKey> All => Keys();

    /// <summary>HMAC-SHA256 of the content under the current key, for one purpose (a seal of one kind never passes for another).</summary>
    public (string KeyId, string Seal) Seal(string purpose, string content)
    {
        var key = Current;
        return (key.Id, Compute(key, purpose, content));
    }

    /// <summary>Null when the seal holds; otherwise why not (an unknown key id, or content that was changed).</summary>
    public string? Check(string purpose, string content, string? keyId, string? seal)
    {
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(seal))
        {
            return "not sealed";
        }
        var key = Find(keyId);
        if (key is null)
        {
            return $"sealed with key '{keyId}', which {Source} does not hold";
        }
        var expected = Convert.FromHexString(Compute(key, purpose, content));
        byte[] actual;
        try
        {
            actual = Convert.FromHexString(seal);
        }
        catch (FormatException)
        {
            return "the seal is not hexadecimal";
        }
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : "the seal does not match the content";
    }

    /// <summary>A 256-bit key derived from one ring key for one purpose (the cookie key ring's encryption).</summary>
    public static byte[] Derive(SealingKey key, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>Appends a new current key to the file (created if missing, readable by its owner only); returns its id.</summary>
    public static string Rotate(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var id = NewId();
        var line = $"{id} {Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\n";
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(full, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
        return id;
    }

    private static string NewId() => $"{DateTime.UtcNow:yyyyMMdd}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    private static string Compute(SealingKey key, string purpose, string content) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Secret, Encoding.UTF8.GetBytes(purpose + "\n" + content)));

    private IReadOnlyList<SealingKey> Keys()
    {
        if (_secret is not null)
        {
            return _loaded?.Keys ?? (_loaded = (default, 0, Parse(_secret.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ':', SecretVariable))).Value.Keys;
        }
        lock (_lock)
        {
            if (!File.Exists(_path))
            {
                if (!_generateIfMissing)
                {
                    throw new InvalidOperationException(
                        $"the key file {_path} does not exist: copy it from the server that made the data (or create one with 'certdesk keys rotate --key-file {_path}')");
                }
                GenerateDefault();
            }
            var info = new FileInfo(_path);
            if (_loaded is { } loaded && loaded.WrittenAt == info.LastWriteTimeUtc && loaded.Length == info.Length)
            {
                return loaded.Keys;
            }
            var lines = File.ReadAllLines(_path).Where(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#')).ToArray();
            _loaded = (info.LastWriteTimeUtc, info.Length, Parse(lines, ' ', _path));
            return _loaded.Value.Keys;
        }
    }

    /// <summary>The development and demo key: written once into data/ (ignored by git), never shipped.</summary>
    private void GenerateDefault()
    {
        var temp = $"{_path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Rotate(temp);
        try
        {
            File.Move(temp, _path, overwrite: false);
        }
        catch (IOException) when (File.Exists(_path))
        {
            File.Delete(temp); // another process made it first
        }
    }

    private static List<SealingKey> Parse(IEnumerable<string> entries, char separator, string source)
    {
        var keys = new List<SealingKey>();
        var number = 0;
        foreach (var entry in entries)
        {
            number++;
            var parts = entry.Trim().Split(separator, 2, StringSplitOptions.TrimEntries);
            byte[] secret;
            try
            {
                secret = parts.Length == 2 ? Convert.FromBase64String(parts[1]) : [];
            }
            catch (FormatException)
            {
                secret = [];
            }
            if (parts[0].Length == 0 || secret.Length < 32)
            {
                throw new InvalidOperationException($"{source}: key {number} is not 'ID{separator}BASE64' with at least 32 bytes of secret");
            }
            if (keys.Any(k => k.Id == parts[0]))
            {
                throw new InvalidOperationException($"{source}: key id '{parts[0]}' appears twice");
            }
            keys.Add(new SealingKey(parts[0], secret));
        }
        return keys.Count > 0 ? keys : throw new InvalidOperationException($"{source}: holds no key");
    }
}
