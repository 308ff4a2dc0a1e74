using Dangjian.Features.Evaluations;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The democratic evaluation's tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<MemberEvaluation> MemberEvaluations => Set<MemberEvaluation>();
    public DbSet<MemberEvaluationEntry> MemberEvaluationEntries => Set<MemberEvaluationEntry>();
}
