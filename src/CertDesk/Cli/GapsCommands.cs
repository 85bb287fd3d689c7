using System.CommandLine;
using CertDesk.Features.Gaps;

namespace CertDesk.Cli;

/// <summary><c>plan</c> (the cohort plan, CP-SAT) and <c>recommend</c> (one person's ranked certifications).</summary>
public static class GapsCommands
{
    /// <summary>The CLI runs as an operator of the whole organization.</summary>
    private static readonly Caller s_operator = new("cli", "cli@localhost", "cli", new HashSet<string>(StringComparer.Ordinal) { Roles.Admin }, null);

    public static Command CreatePlan(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var budget = new Option<decimal>("--budget") { Description = "The money available (>= 0)", Required = true };
        var from = new Option<DateOnly>("--from") { Description = "First day of the window (yyyy-MM-dd)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Last day of the window (yyyy-MM-dd)", Required = true };
        var maxAway = new Option<int>("--max-away") { Description = "At most this many people away in any week", Required = true };
        var team = new Option<string?>("--team") { Description = "Candidates: the active people of this team_id" };
        var role = new Option<string?>("--role") { Description = "Candidates: the active people of this job role (e.g. Supervisor)" };
        var employees = new Option<string?>("--employees") { Description = "Candidates: employee ids, comma-separated" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the plan to a .csv or .xlsx file" };
        var command = new Command("plan", "The cohort plan: who takes which certification, when, closing the most weighted gap within the budget")
        {
            budget, from, to, maxAway, team, role, employees, output, database, json,
        };
        command.SetAction((parse, ct) =>
        {
            var input = new CohortPlanInput(
                parse.GetValue(employees)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                parse.GetValue(team), parse.GetValue(role), parse.GetValue(budget), parse.GetValue(from), parse.GetValue(to), parse.GetValue(maxAway));
            var invalid = CohortPlanning.Validate(input);
            if (invalid.Count > 0)
            {
                throw new InvalidInputException([.. invalid.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}")]);
            }
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                var outcome = await services.GetRequiredService<CohortPlanning>().PlanAsync(s_operator, input, token);
                if (outcome.Value is not { } result)
                {
                    throw new InvalidInputException([.. outcome.Errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}")]);
                }
                if (parse.GetValue(output) is { } file)
                {
                    if (file.Extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
                    {
                        await File.WriteAllBytesAsync(file.FullName, CohortPlanning.ToXlsx(result), token);
                    }
                    else
                    {
                        await File.WriteAllTextAsync(file.FullName, CohortPlanning.ToCsv(result), token);
                    }
                }
                if (parse.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(console.Out, result);
                }
                else
                {
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Status}: {result.Lines.Count} of {result.Candidates} candidates, weighted gap closed {result.WeightedGapClosed:0.###} (bound {result.Bound:0.###}), cost {result.Cost:0.00} of {result.Budget:0.00}, {result.Seconds:0.###} s"));
                    foreach (var line in result.Lines)
                    {
                        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"  {line.EmployeeId} {line.Name}: {line.Certification} {line.Start:yyyy-MM-dd}..{line.End:yyyy-MM-dd} gap {line.WeightedGapClosed:0.###} cost {line.Cost:0.00}"));
                    }
                    foreach (var x in result.Excluded)
                    {
                        await console.Out.WriteLineAsync($"  not funded: {x.EmployeeId} {x.Name}{(x.Certification is null ? "" : " " + x.Certification)}: {x.Reason}");
                    }
                    foreach (var note in result.Notes)
                    {
                        await console.Out.WriteLineAsync("  note: " + note);
                    }
                }
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    public static Command CreateRecommend(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var employee = new Option<string>("--employee") { Description = "The employee id", Required = true };
        var target = new Option<string?>("--target-role") { Description = "Compare with this job role instead of the person's own (succession)" };
        var command = new Command("recommend", "Certifications ranked by weighted gap closed per 1,000 of fully loaded cost") { employee, target, database, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var number = parse.GetValue(employee)!;
            var db = services.GetRequiredService<Data.CertDeskDbContext>();
            var id = await db.Employees.Where(e => e.EmployeeNumber == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(token)
                ?? throw new InvalidInputException($"--employee: '{number}' is not a known employee");
            var gaps = services.GetRequiredService<GapAnalysis>();
            var person = (await gaps.ForPersonAsync(s_operator, id, parse.GetValue(target), token))!;
            var ranked = await gaps.RecommendAsync(person, token);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new
                {
                    employee_id = number,
                    role = person.Role,
                    total_weighted_gap = person.Profile.TotalWeightedGap,
                    items = ranked.Select(r => new
                    {
                        rank = r.Rank,
                        code = r.Certification.Code,
                        weighted_gap_closed = r.WeightedGapClosed,
                        gap_per_thousand = r.GapPerThousand,
                        fully_loaded_cost = r.Certification.Cost?.Total,
                        estimates = r.Certification.Cost?.Estimates ?? [],
                        prerequisites_met = r.PrerequisitesMet,
                        cost_source = Features.Catalog.PriceBook.SourceCode(r.Certification.Cost?.Source),
                        cost_basis = r.Certification.CostBasis ?? "unknown",
                    }),
                });
            }
            else
            {
                foreach (var r in ranked)
                {
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Rank,3}. {r.Certification.Code,-10} gap closed {r.WeightedGapClosed,6:0.##}  per 1,000: {(r.GapPerThousand is { } g ? g.ToString("0.####", CultureInfo.InvariantCulture) : "n/a"),8}  cost {(r.Certification.Cost?.Total is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) + " USD" : "unknown")} ({r.Certification.CostBasis ?? "unknown"})"));
                }
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
