namespace CertDesk.Features.Catalog;

public sealed record IssuerInput(string? Code, string? Name, string? Website, string? Source);

public sealed record IssuerDto(Guid Id, string Code, string Name, string? Website, string? Source, int Version);

/// <summary>The issuers of the catalog: their rules (page, API and the catalog import's new issuers), create, find, replace.</summary>
public sealed class IssuerService(CertDeskDbContext db)
{
    public static IssuerDto ToDto(Issuer i) => new(i.Id, i.Code, i.Name, i.Website, i.Source, i.Version);

    /// <summary>
    /// The rules of an issuer (page, API and the catalog import's new issuers): code and name given, a website that
    /// is an http(s) address, a known code refused. Errors keyed by field (code, name, website, source).
    /// </summary>
    public static Dictionary<string, string[]> ValidateIssuer(IssuerInput input, IReadOnlyCollection<string> existingCodes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(existingCodes);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var code = input.Code?.Trim() ?? "";
        if (code.Length is 0 or > 32 || code.Contains(' ', StringComparison.Ordinal))
        {
            errors["code"] = ["is required (at most 32 characters, no spaces)"];
        }
        else if (existingCodes.Contains(code, StringComparer.Ordinal))
        {
            errors["code"] = [$"'{code}' is already an issuer"];
        }
        if ((input.Name?.Trim() ?? "").Length is 0 or > 200)
        {
            errors["name"] = ["is required (at most 200 characters)"];
        }
        if (CatalogService.Blank(input.Website) is { } website && !IsWebAddress(website))
        {
            errors["website"] = ["must be a web address (https://example.org or example.org; http:// or https:// only), at most 300 characters, or empty"];
        }
        if (input.Source is { Length: > 1000 })
        {
            errors["source"] = ["is longer than 1000 characters"];
        }
        return errors;
    }

    /// <summary>An http(s) address, or a bare one like the seeded "swpp.org" (read as https).</summary>
    private static bool IsWebAddress(string text)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        return text.Length <= 300 && !text.Any(char.IsWhiteSpace)
            && Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Creates an issuer after <see cref="ValidateIssuer"/>; a code taken meanwhile is refused as a duplicate.</summary>
    public async Task<Outcome<Issuer>> CreateIssuerAsync(IssuerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = ValidateIssuer(input, await db.Issuers.Select(i => i.Code).ToListAsync(ct));
        if (errors.Count > 0)
        {
            return Outcome<Issuer>.Invalid(errors);
        }
        var issuer = new Issuer { Code = input.Code!.Trim(), Name = input.Name!.Trim(), Website = CatalogService.Blank(input.Website), Source = CatalogService.Blank(input.Source) };
        db.Issuers.Add(issuer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.Issuers.AnyAsync(i => i.Code == issuer.Code, ct))
            {
                throw;
            }
            return Outcome<Issuer>.Invalid("code", $"'{issuer.Code}' is already an issuer");
        }
        return Outcome<Issuer>.Ok(issuer);
    }

    public Task<Issuer?> FindIssuerAsync(Guid id, CancellationToken ct) => db.Issuers.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>
    /// Replaces an issuer's code, name, website and source (page and API) after <see cref="ValidateIssuer"/>, the code
    /// compared with the other issuers only. <paramref name="expectedVersion"/> is the version the caller read (null: no
    /// check, an API call without If-Match); a newer stored version is <see cref="OutcomeKind.Stale"/> with the
    /// current issuer and writes nothing. An unchanged issuer keeps its version; a change is audited by SaveChanges.
    /// </summary>
    public async Task<Outcome<Issuer>> UpdateIssuerAsync(Guid id, IssuerInput input, int? expectedVersion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issuer = await db.Issuers.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issuer is null)
        {
            return Outcome<Issuer>.NotFound();
        }
        if (expectedVersion is { } v && v != issuer.Version)
        {
            return Outcome<Issuer>.Stale(issuer);
        }
        var errors = ValidateIssuer(input, await db.Issuers.Where(i => i.Id != id).Select(i => i.Code).ToListAsync(ct));
        if (errors.Count > 0)
        {
            return Outcome<Issuer>.Invalid(errors);
        }
        issuer.Code = input.Code!.Trim();
        issuer.Name = input.Name!.Trim();
        issuer.Website = CatalogService.Blank(input.Website);
        issuer.Source = CatalogService.Blank(input.Source);
        db.ChangeTracker.DetectChanges();
        if (db.Entry(issuer).State != EntityState.Modified)
        {
            return Outcome<Issuer>.Ok(issuer); // nothing changed: no new version
        }
        // The version read is the one the update must find (a save in between fails the concurrency check).
        db.Entry(issuer).Property(i => i.Version).OriginalValue = expectedVersion ?? issuer.Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Outcome<Issuer>.Stale(await db.Issuers.AsNoTracking().FirstAsync(i => i.Id == id, ct));
        }
        catch (DbUpdateException)
        {
            // A code taken by another issuer meanwhile (the unique index).
            db.ChangeTracker.Clear();
            var code = input.Code.Trim();
            if (!await db.Issuers.AnyAsync(i => i.Code == code && i.Id != id, ct))
            {
                throw;
            }
            return Outcome<Issuer>.Invalid("code", $"'{code}' is already an issuer");
        }
        return Outcome<Issuer>.Ok(issuer);
    }
}
