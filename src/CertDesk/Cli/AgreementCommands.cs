using System.CommandLine;
using CertDesk.Features.Agreements;

namespace CertDesk.Cli;

/// <summary>
/// <c>agreements verify ID [--json]</c>: recomputes the signed agreement (its text's SHA-256, the sealed record chain,
/// the signatures' seals, and the signed terms from the rows now) and names every change (exit 1 when changed).
/// </summary>
public static class AgreementCommands
{
    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var id = new Argument<Guid>("id") { Description = "The agreement id" };
        var verify = new Command("verify", "Recompute a signed agreement (text, sealed record chain, signatures, terms from the rows now) and name each field that differs") { id, json, database };
        verify.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var db = services.GetRequiredService<CertDeskDbContext>();
            var agreementId = parse.GetValue(id);
            var agreement = await db.Agreements.AsNoTracking().Include(a => a.Signatures).Include(a => a.Records).Include(a => a.Employee).Include(a => a.Policy)
                .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == agreementId, token);
            if (agreement is null)
            {
                await console.Error.WriteLineAsync($"error: agreement {agreementId} does not exist");
                return ExitCodes.Failure;
            }
            var result = AgreementService.Verify(agreement, services.GetRequiredService<SealingKeys>());
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, result);
            }
            else
            {
                await console.Out.WriteLineAsync(result.Intact
                    ? $"intact: SHA-256 {result.ComputedHash} matches the recorded hash, {result.Records.Count} sealed record(s) (original and amendments) and {result.Signatures.Count} signature(s); the rows hold the signed terms"
                    : "CHANGED");
                foreach (var problem in result.Problems)
                {
                    await console.Error.WriteLineAsync($"error: agreement {agreementId}: {problem}");
                }
            }
            return result.Intact ? ExitCodes.Success : ExitCodes.Failure;
        }, ct));
        var by = new Option<string>("--by") { Description = "Who backfills (a name or e-mail address; written into the record)", Required = true };
        var backfill = new Command("backfill-record", "Seal the record of an agreement signed before records were sealed, from its rows now, labelled \"backfilled on DATE by USER\" (not the original signature)") { id, by, database };
        backfill.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var db = services.GetRequiredService<CertDeskDbContext>();
            var agreementId = parse.GetValue(id);
            var who = (parse.GetValue(by) ?? "").Trim();
            var agreement = await db.Agreements.Include(a => a.Signatures).Include(a => a.Records).Include(a => a.Employee).Include(a => a.Policy)
                .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == agreementId, token);
            string? refusal = agreement switch
            {
                null => $"agreement {agreementId} does not exist",
                _ when who.Length is 0 or > 254 => "--by: say who backfills (a name or e-mail address, at most 254 characters)",
                { Records.Count: > 0 } => $"agreement {agreementId} already has a sealed record: nothing to backfill",
                { EmployeeSignedAt: null } when agreement.Signatures.Count == 0 => $"agreement {agreementId} is not signed: its record is sealed when the employee signs",
                _ => null,
            };
            if (refusal is not null)
            {
                await console.Error.WriteLineAsync($"error: {refusal}");
                return ExitCodes.Failure;
            }
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var reason = $"backfilled on {now.UtcDateTime:yyyy-MM-dd} by {who}: sealed from the agreement's rows as they were then; not the original signature (signed before records were sealed)";
            var countersigned = agreement!.CountersignedAt is not null || agreement.Signatures.Any(s => s.Role == SignerRole.Company);
            var record = SignedTerms.Seal(services.GetRequiredService<SealingKeys>(), agreement.Id, 0, null, reason, who, now, SignedTerms.Of(agreement),
                countersigned ? RecordStatus.Signed : RecordStatus.EmployeeSigned, SignedTerms.BackfilledKind);
            (record.EmployeeSignedAt, record.CompanySignedAt) = (agreement.EmployeeSignedAt, agreement.CountersignedAt);
            db.AgreementRecords.Add(record);
            await db.SaveChangesAsync(token);
            await console.Out.WriteLineAsync($"backfilled: agreement {agreement.Id} record 0 sealed (SHA-256 {record.Sha256}), {reason}");
            return ExitCodes.Success;
        }, ct));
        return new Command("agreements", "Tuition agreements") { verify, backfill };
    }
}
