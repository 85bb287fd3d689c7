using System.CommandLine;
using CertDesk.Data;
using CertDesk.Features.Agreements;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Cli;

/// <summary><c>agreements verify ID [--json]</c>: recomputes the SHA-256 of a signed agreement's text and reports any change (exit 1 when changed).</summary>
public static class AgreementCommands
{
    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var id = new Argument<Guid>("id") { Description = "The agreement id" };
        var verify = new Command("verify", "Recompute an agreement's document hash and compare it with the recorded hash and each signature") { id, json, database };
        verify.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var db = services.GetRequiredService<CertDeskDbContext>();
            var agreementId = parse.GetValue(id);
            var agreement = await db.Agreements.AsNoTracking().Include(a => a.Signatures).FirstOrDefaultAsync(a => a.Id == agreementId, token);
            if (agreement is null)
            {
                await console.Error.WriteLineAsync($"error: agreement {agreementId} does not exist");
                return ExitCodes.Failure;
            }
            var result = AgreementService.Verify(agreement);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, result);
            }
            else
            {
                await console.Out.WriteLineAsync(result.Intact ? $"intact: SHA-256 {result.ComputedHash} matches the recorded hash and {result.Signatures.Count} signature(s)" : "CHANGED");
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
