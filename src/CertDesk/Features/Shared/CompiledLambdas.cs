using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace CertDesk.Features.Shared;

/// <summary>
/// Delegates for the lambdas of a page's table when its rows are already in memory, without a new method for the JIT
/// on every request. A page describes its table on each request, so its lambdas are new expression trees each time, and
/// compiling them (or running a LINQ query over <c>list.AsQueryable()</c>, which compiles the whole query on every run)
/// was most of such a page's server time under load. A lambda that captures nothing (a column's value, a sort key) is
/// compiled once and found again by its shape (EF Core's structural comparer, constants compared by value); one that
/// captures a request's values (a filter's choice, the search text) is interpreted, which costs no compilation at all.
/// </summary>
public static class CompiledLambdas
{
    private const int MaxKept = 4096;

    private static readonly ConcurrentDictionary<LambdaExpression, Delegate> s_compiled = new(ExpressionEqualityComparer.Instance);

    public static TDelegate Of<TDelegate>(Expression<TDelegate> lambda)
        where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(lambda);
        if (!CapturesNothing(lambda))
        {
            return lambda.Compile(preferInterpretation: true);
        }
        if (s_compiled.TryGetValue(lambda, out var known))
        {
            return (TDelegate)known;
        }
        // The lambdas of the source are few; a tree built with a value in it (a filter's choice written as a constant)
        // would add one per value, so past the bound such trees are interpreted instead of kept.
        return s_compiled.Count < MaxKept ? (TDelegate)s_compiled.GetOrAdd(lambda, static l => l.Compile()) : lambda.Compile(preferInterpretation: true);
    }

    /// <summary>
    /// True when every constant in the tree is a plain value whose equality means sameness (a captured variable is a
    /// constant holding its closure).
    /// </summary>
    internal static bool CapturesNothing(Expression lambda)
    {
        var finder = new CaptureFinder();
        finder.Visit(lambda);
        return !finder.Found;
    }

    private sealed class CaptureFinder : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            // Only values whose equality means "the same code": 1.0m and 1.00m are equal but print differently, as are
            // times of another kind or offset and 0.0 and -0.0, so lambdas holding those are not shared.
            if (node.Value is not (null or string or bool or char or byte or short or int or long or Enum or DateOnly or TimeOnly or TimeSpan or Guid))
            {
                Found = true;
            }
            return node;
        }
    }
}
