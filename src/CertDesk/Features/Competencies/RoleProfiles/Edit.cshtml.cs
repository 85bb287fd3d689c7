namespace CertDesk.Features.Competencies.RoleProfiles;

/// <summary>
/// Edit one job role's profile: per competency of the framework, the required level (1-5, or not required) and the
/// weight (&gt; 0, at most 100). Each line carries the version read; a line changed meanwhile fails the whole save.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class EditModel(CertDeskDbContext db) : PageModel
{
    public const string Stale = "This role profile was changed by someone else while you edited it. Nothing was saved; the form shows the current values.";

    public sealed class Line
    {
        public string Competency { get; set; } = "";
        public string Name { get; set; } = "";
        public int? Level { get; set; }
        public decimal? Weight { get; set; }
        public int? Version { get; set; }
    }

    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty] public List<Line> Lines { get; set; } = [];

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var role = (Role ?? "").Trim();
        if (role.Length is 0 or > 64)
        {
            ModelState.AddModelError(string.Empty, "Job role: is required (at most 64 characters).");
        }
        var competencies = await db.Competencies.ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var current = await db.RoleRequirements.Where(r => r.JobRole == role).Include(r => r.Competency).ToListAsync(ct);
        foreach (var line in Lines)
        {
            var label = competencies.TryGetValue(line.Competency, out var c) ? c.Name : line.Competency;
            if (c is null)
            {
                ModelState.AddModelError(string.Empty, $"'{line.Competency}' is not a competency of the framework.");
            }
            if (line.Level is not null and not (>= 1 and <= 5))
            {
                ModelState.AddModelError(string.Empty, $"{label}: the required level is 1-5 (or not required).");
            }
            if (line.Level is not null && line.Weight is not (> 0 and <= 100))
            {
                ModelState.AddModelError(string.Empty, $"{label}: the weight must be more than 0 and at most 100.");
            }
        }
        if (Lines.All(l => l.Level is null))
        {
            ModelState.AddModelError(string.Empty, "A role profile requires at least one competency.");
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct, keepLines: true);
            return Page();
        }
        var byCode = current.ToDictionary(r => r.Competency!.Code, StringComparer.Ordinal);
        var stale = Lines.Any(l => byCode.TryGetValue(l.Competency, out var r) ? r.Version != l.Version : l.Version is not null)
            || byCode.Keys.Any(k => Lines.All(l => l.Competency != k));
        if (!stale)
        {
            foreach (var line in Lines)
            {
                byCode.TryGetValue(line.Competency, out var existing);
                if (line.Level is null)
                {
                    if (existing is not null)
                    {
                        db.RoleRequirements.Remove(existing);
                    }
                }
                else if (existing is null)
                {
                    db.RoleRequirements.Add(new RoleRequirement { JobRole = role, CompetencyId = competencies[line.Competency].Id, RequiredLevel = line.Level.Value, Weight = line.Weight!.Value });
                }
                else if (existing.RequiredLevel != line.Level || existing.Weight != line.Weight)
                {
                    db.Entry(existing).Property(r => r.Version).OriginalValue = line.Version!.Value;
                    (existing.RequiredLevel, existing.Weight) = (line.Level.Value, line.Weight!.Value);
                }
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return Redirect("/Competencies/Framework");
            }
            catch (DbUpdateException)
            {
                // A line changed or added by someone else meanwhile (version or unique key): nothing is kept.
                db.ChangeTracker.Clear();
            }
        }
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, Stale);
        Lines = [];
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct, bool keepLines = false)
    {
        Roles = await db.RoleRequirements.AsNoTracking().Select(r => r.JobRole).Distinct().OrderBy(r => r).ToListAsync(ct);
        Role ??= Roles.FirstOrDefault() ?? "Supervisor";
        if (keepLines)
        {
            var names = await db.Competencies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, ct);
            foreach (var line in Lines)
            {
                line.Name = names.GetValueOrDefault(line.Competency) ?? line.Competency;
            }
            return;
        }
        var requirements = await db.RoleRequirements.AsNoTracking().Where(r => r.JobRole == Role).ToDictionaryAsync(r => r.CompetencyId, ct);
        Lines = [.. (await db.Competencies.AsNoTracking().OrderBy(c => c.Category).ThenBy(c => c.Code).ToListAsync(ct)).Select(c =>
        {
            requirements.TryGetValue(c.Id, out var r);
            return new Line { Competency = c.Code, Name = c.Name, Level = r?.RequiredLevel, Weight = r?.Weight, Version = r?.Version };
        })];
    }

    public static string Format(decimal? weight) => weight?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
}
