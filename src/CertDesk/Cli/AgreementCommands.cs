using System.CommandLine;
using CertDesk.Data;
using CertDesk.Features.Agreements;
using Microsoft.EntityFrameworkCore;

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
        return new Command("agreements", "Tuition agreements") { verify };
    }
}
