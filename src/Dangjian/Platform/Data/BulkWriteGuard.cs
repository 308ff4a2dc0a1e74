using System.Linq.Expressions;
using Dangjian.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;

namespace Dangjian.Platform.Data;

/// <summary>
/// ExecuteUpdate and ExecuteDelete write past the change tracker, so the save steps (audit lines, tallies, search
/// windows) never see them. On an audited entity they are refused, unless the query says with
/// <see cref="BulkWrites.BypassingSaveSteps{T}"/> that the caller does the steps' work itself (a subtree move writes
/// its own audit line and shifts tallies and windows). On the audit log they are refused always: nothing deletes or
/// rewrites an audit line.
/// </summary>
internal sealed class BulkWriteGuard : IQueryExpressionInterceptor
{
    public static readonly BulkWriteGuard Instance = new();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        if (queryExpression is MethodCallExpression { Method.Name: "ExecuteUpdate" or "ExecuteDelete" } call
            && call.Method.DeclaringType == typeof(EntityFrameworkQueryableExtensions))
        {
            var finder = new Finder();
            finder.Visit(call.Arguments[0]);
            foreach (var type in finder.Roots)
            {
                if (type == typeof(AuditEntry))
                {
                    throw new InvalidOperationException("The audit log is append-only: audit lines are never updated or deleted.");
                }
                if (typeof(IAudited).IsAssignableFrom(type) && !finder.Bypassing)
                {
                    throw new InvalidOperationException(
                        $"{call.Method.Name} on {type.Name} skips its audit line and derived rows: change tracked entities and call SaveChangesAsync, "
                        + "or mark the query with BypassingSaveSteps and do the steps' work in the same transaction.");
                }
            }
        }
        return queryExpression;
    }

    private sealed class Finder : ExpressionVisitor
    {
        public List<Type> Roots { get; } = [];
        public bool Bypassing { get; private set; }

        protected override Expression VisitExtension(Expression node)
        {
            if (node is EntityQueryRootExpression root)
            {
                Roots.Add(root.EntityType.ClrType);
                return node;
            }
            return base.VisitExtension(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.TagWith)
                && node.Arguments[1] is ConstantExpression { Value: string tag } && tag.StartsWith(BulkWrites.TagPrefix, StringComparison.Ordinal))
            {
                Bypassing = true;
            }
            return base.VisitMethodCall(node);
        }
    }
}

public static class BulkWrites
{
    internal const string TagPrefix = "bulk write, save steps done by the caller: ";

    /// <summary>
    /// Allows ExecuteUpdate on an audited entity. The caller takes on what the save steps would have done (its own
    /// audit line, tallies, windows), in the same transaction; <paramref name="reason"/> says how, in the SQL log too.
    /// </summary>
    public static IQueryable<T> BypassingSaveSteps<T>(this IQueryable<T> query, string reason) => query.TagWith(TagPrefix + reason);
}
