using CertDesk.Domain.Scheduling;
using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Tests.Scheduling;

/// <summary>
/// A hand-computed interval: 50 contacts in 15 minutes at AHT 180 s is 10 erlangs. Erlang C, 80 % in 20 s, computed in
/// exact rational arithmetic for the Erlang B recursion (Python fractions): 14 agents: P(wait) 0.174131933595,
/// SL 0.888350019179, ASA 7.835937011777 s; 13 agents: SL 0.795594788418, ASA 17.116227189582 s; 12 agents: SL 0.640158040374.
/// </summary>
public sealed class SessionImpactTests
{
    private static SchedulingProblem OneInterval(int agentsRemoved, int supervisorsRemoved, int supervisors = 2) => new(
        [new QueueSpec("Billing", new StaffingTargets(0.8m, 20))],
        [new CoverageSpec("Site", AgentsPerSupervisor: 15, MinimumSupervisors: 1)],
        [new IntervalState(new DateTime(2026, 12, 1, 15, 0, 0, DateTimeKind.Utc), [new QueueLoad(50, 180, 14)], [new CoverageLoad(14, supervisors)])],
        new Removal([agentsRemoved], [agentsRemoved], [supervisorsRemoved]));

    [Fact]
    public void Impact_OneAgentAndOneSupervisorOff_MatchesHandComputation()
    {
        var impact = SessionImpact.Evaluate(OneInterval(1, 1), 0);

        var q = Assert.Single(impact.Queues);
        Assert.Equal(14, q.Required); // 13 agents give 79.56 % < 80 %
        Assert.Equal(14, q.Scheduled);
        Assert.Equal(13, q.ScheduledAfter);
        Assert.Equal(0.8883500191794669, q.ServiceLevelBefore, 12);
        Assert.Equal(0.7955947884177831, q.ServiceLevelAfter, 12);
        Assert.Equal(7.835937011777243, q.AsaBefore!.Value, 10);
        Assert.Equal(17.11622718218958, q.AsaAfter!.Value, 10);
        Assert.Equal(50 * (0.8883500191794669 - 0.7955947884177831), impact.LateCalls, 9);
        Assert.Equal(50 * (17.11622718218958 - 7.835937011777243), impact.WaitCost, 7);

        var c = Assert.Single(impact.Coverage);
        Assert.Equal(13, c.AgentsAfter);
        Assert.Equal(1, c.SupervisorsAfter);
        Assert.Equal(1, c.Required); // ceil(13 / 15) = 1
        Assert.Equal(0, c.Spare);
        Assert.Equal(13.0, c.RatioAfter);

        // Below the 80 % target but above the 75 % floor: breaks a target, not a hard rule.
        Assert.Equal(Verdict.BreaksTarget, impact.Verdict);
        Assert.False(impact.BreaksHardRule);
        Assert.Contains(impact.Reasons, r => r.StartsWith("Billing: service level", StringComparison.Ordinal));
    }

    [Fact]
    public void Impact_TwoAgentsOff_FallsBelowTheFloor_IsAHardBreak()
    {
        var impact = SessionImpact.Evaluate(OneInterval(2, 0), 0);
        Assert.Equal(0.6401580403740066, impact.Queues[0].ServiceLevelAfter, 12);
        Assert.True(impact.BreaksHardRule);
        Assert.Equal(Verdict.BreaksTarget, impact.Verdict);
    }

    [Fact]
    public void Impact_SupervisorsOnly_CoverageDecides()
    {
        // Nobody leaves the queue: its figures do not move and do not count against the session.
        var fine = SessionImpact.Evaluate(OneInterval(0, 1, supervisors: 3), 0);
        Assert.Equal(0, fine.LateCalls);
        Assert.Equal(Verdict.Fine, fine.Verdict);

        var atRisk = SessionImpact.Evaluate(OneInterval(0, 1, supervisors: 2), 0);
        Assert.Equal(Verdict.AtRisk, atRisk.Verdict);
        Assert.False(atRisk.BreaksHardRule);

        var broken = SessionImpact.Evaluate(OneInterval(0, 2, supervisors: 2), 0);
        Assert.True(broken.BreaksHardRule);
        Assert.Contains(broken.Reasons, r => r.Contains("needs 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 15, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(16, 15, 2)]
    [InlineData(30, 15, 2)]
    [InlineData(31, 15, 3)]
    public void CoverageRule_Required_IsTheIntegerCeiling(int agents, int perSupervisor, int required) =>
        Assert.Equal(required, new CoverageSpec("x", perSupervisor, 1).Required(agents));

    [Fact]
    public void Impact_ErlangA_UsesPatience()
    {
        var problem = OneInterval(1, 0) with { Queues = [new QueueSpec("Retention", new StaffingTargets(0.8m, 20, patienceSeconds: 300))] };
        var q = SessionImpact.Evaluate(problem, 0).Queues[0];
        var expected = ErlangA.FromTraffic(10, 13, 180, 20, 300);
        Assert.Equal(expected.ServiceLevel, q.ServiceLevelAfter, 14);
        Assert.Equal(expected.ProbAbandon, q.AbandonAfter!.Value, 14);
    }
}
