using Dangjian.Features.Study;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The study tables (training classes, home study, question banks, contests); the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<TrainingClass> TrainingClasses => Set<TrainingClass>();
    public DbSet<TrainingParticipant> TrainingParticipants => Set<TrainingParticipant>();
    public DbSet<HomeStudyVisit> HomeStudyVisits => Set<HomeStudyVisit>();
    public DbSet<HomeStudyVisitor> HomeStudyVisitors => Set<HomeStudyVisitor>();
    public DbSet<QuestionBank> QuestionBanks => Set<QuestionBank>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<Contest> Contests => Set<Contest>();
    public DbSet<ContestPaper> ContestPapers => Set<ContestPaper>();
}
