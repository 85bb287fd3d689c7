namespace CertDesk.Features.Organization.Employees;

/// <summary>/Organization/Employees: the people the caller may see, searched, filtered, sorted and paged in the database.</summary>
public sealed class IndexModel(OrganizationScope scope) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Member-initialized (not a positional record) so that EF Core can sort and filter on its properties.</summary>
    public sealed class Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public string Number { get; init; } = "";
        public string Email { get; init; } = "";
        public string Title { get; init; } = "";
        public Guid? TeamId { get; init; }
        public string? TeamCode { get; init; }
        public string? TeamName { get; init; }
        public string? Site { get; init; }
        public DateOnly HireDate { get; init; }
        public bool Active { get; init; }
    }

    public TableView<Row> Table { get; private set; } = null!;
    public bool CanImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        CanImport = caller.RunsProgram;
        Table = await (await SpecAsync(caller, ct)).PageAsync(await RowsAsync(caller, ct), Request.Query, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        return await (await SpecAsync(caller, ct)).CsvAsync(await RowsAsync(caller, ct), Request.Query, ct);
    }

    private async Task<IQueryable<Row>> RowsAsync(Caller caller, CancellationToken ct) =>
        (await scope.EmployeesAsync(caller, ct)).Select(e => new Row
        {
            Id = e.Id,
            Name = e.FirstName + " " + e.LastName,
            FirstName = e.FirstName,
            LastName = e.LastName,
            Number = e.EmployeeNumber,
            Email = e.Email,
            Title = e.Title,
            TeamId = e.TeamId,
            TeamCode = e.Team != null ? e.Team.Code : null,
            TeamName = e.Team != null ? e.Team.Name : null,
            Site = e.Site != null ? e.Site.Name : null,
            HireDate = e.HireDate,
            Active = e.Status == EmploymentStatus.Active,
        });

    private async Task<Table<Row>> SpecAsync(Caller caller, CancellationToken ct)
    {
        var teams = await (await scope.TeamsAsync(caller, ct)).OrderBy(t => t.Name).Select(t => new TableOption(t.Code, t.Name)).ToListAsync(ct);
        return new Table<Row>("/Organization/Employees", "people", PageSize)
            .Column("name", "Name", r => r.LastName + " " + r.FirstName, text: r => r.Name)
            .Column("id", "Id", r => r.Number)
            .Column("title", "Title", r => r.Title)
            .Column("team", "Team", r => r.TeamName)
            .Column("site", "Site", r => r.Site)
            .Column("hired", "Hired", r => r.HireDate)
            .Column("status", "Status", r => r.Active, text: r => r.Active ? "active" : "separated")
            .ThenBy(r => r.Number)
            .SearchIn("Name, id, e-mail or title", r => r.Name, r => r.Number, r => r.Email, r => r.Title)
            .Filter("team", "Team", [new TableOption("", "All teams"), .. teams], code => r => r.TeamCode == code)
            .Filter("status", "Status", [new("active", "Active"), new("separated", "Separated"), new("all", "All")],
                status => status switch
                {
                    "active" => r => r.Active,
                    "separated" => r => !r.Active,
                    _ => r => true,
                },
                defaultValue: "active");
    }
}
