namespace CertDesk.Data;

/// <summary>
/// A record edited by people: its <see cref="Version"/> is the optimistic-concurrency token (the API's ETag),
/// raised by the context on every update so that a stale edit is detected instead of lost.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
