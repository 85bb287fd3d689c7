using CertDesk.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CertDesk.Features.Calculations;

/// <summary>
/// The calculations over HTTP: the CLI's inputs as snake_case JSON, the CLI's JSON back, 422 with field errors
/// (RFC 9457) for invalid input. No database.
/// </summary>
public static class CalculationsApi
{
    public static RouteGroupBuilder MapCalculationsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/staffing/erlang-c", ErlangC).WithTags("Calculations").WithMetadata(new ComputesOnlyAttribute());
        api.MapPost("/staffing/erlang-a", ErlangA).WithTags("Calculations").WithMetadata(new ComputesOnlyAttribute());
        api.MapPost("/staffing/staff", Staff).WithTags("Calculations").WithMetadata(new ComputesOnlyAttribute());
        api.MapPost("/roi/calculate", Roi).WithTags("Calculations").WithMetadata(new ComputesOnlyAttribute());
        api.MapPost("/repayments/quote", RepaymentQuote).WithTags("Calculations").WithMetadata(new ComputesOnlyAttribute());
        return api;
    }

    private static Results<Ok<ErlangCOutput>, ProblemHttpResult> ErlangC(ErlangInput input) =>
        Respond(errors => Calculations.ErlangC(input, errors));

    private static Results<Ok<ErlangAOutput>, ProblemHttpResult> ErlangA(ErlangInput input) =>
        Respond(errors => Calculations.ErlangA(input, errors));

    private static Results<Ok<StaffOutput>, ProblemHttpResult> Staff(StaffInput input) =>
        Respond(errors => Calculations.Staff(input, errors));

    private static Results<Ok<RoiOutput>, ProblemHttpResult> Roi(RoiInput input) =>
        Respond(errors => Calculations.Roi(input, errors));

    private static Results<Ok<RepaymentOutput>, ProblemHttpResult> RepaymentQuote(RepaymentQuoteInput input) =>
        Respond(errors =>
        {
            if (input.Policy is null)
            {
                errors.Add(new FieldError("policy", "is required"));
                return null;
            }
            var policy = Calculations.Policy(input.Policy, errors, "policy.");
            var triggering = Calculations.TriggeringReasons(input.Policy, errors, "policy.");
            return policy is null || errors.Count > 0 ? null : Calculations.Repayment(policy, triggering, input.Funded, input.Start, input.Separated, input.Reason, errors);
        });

    private static Results<Ok<T>, ProblemHttpResult> Respond<T>(Func<List<FieldError>, T?> calculate) where T : class
    {
        var errors = new List<FieldError>();
        var result = calculate(errors);
        if (errors.Count > 0 || result is null)
        {
            return ApiResults.Invalid(errors
                .GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }
        return TypedResults.Ok(result);
    }
}
