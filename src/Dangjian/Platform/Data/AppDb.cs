using Dangjian.Platform.Audit;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>
/// The one database context. Each provider has a subclass only so that it keeps its own migrations
/// (Migrations/Sqlite, Migrations/Postgres). Features add their tables with a partial declaration in their own folder
/// (e.g. Features/Members/MemberTables.cs) and their save work as <see cref="ISaveStep"/>s: saving writes the changes
/// and runs every step in one transaction.
/// </summary>
public abstract partial class AppDb : IdentityDbContext<AppUser>
{
    private readonly CurrentUser? _currentUser;

    protected AppDb(DbContextOptions options, CurrentUser? currentUser, TimeProvider? clock) : base(options)
    {
        _currentUser = currentUser;
        Clock = clock ?? TimeProvider.System;
    }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<RuleOverride> RuleOverrides => Set<RuleOverride>();

    /// <summary>The clock of audit lines and of every step.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Name written into audit lines when no user is signed in (demo seeding, command line).</summary>
    public string? ActorOverride { get; set; }

    public string Actor => ActorOverride ?? _currentUser?.AuditName ?? "system";

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(BulkWriteGuard.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database, and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
        ConfigureProvider(builder);
    }

    /// <summary>Provider-specific collations and index options.</summary>
    protected virtual void ConfigureProvider(ModelBuilder builder)
    {
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the save steps (tallies, audit lines...) are written with the changes.");

    /// <summary>
    /// Writes the tracked changes and runs every <see cref="ISaveStep"/> in one transaction (the caller's, when it
    /// opened one): all steps plan, all run their before-write half, the changes are written, all run their
    /// after-write half in order, and what the steps added is written last.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var passes = new List<ISavePass>();
        foreach (var step in SaveSteps.All)
        {
            if (step.Plan(this) is { } pass)
            {
                passes.Add(pass);
            }
        }
        if (passes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            foreach (var pass in passes)
            {
                await pass.BeforeWriteAsync(this, cancellationToken);
            }
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var pass in passes)
            {
                await pass.AfterWriteAsync(this, cancellationToken);
            }
            ChangeTracker.DetectChanges();
            if (ChangeTracker.HasChanges())
            {
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Adds an audit line for something that is not a row change (a reveal, a refused access, an export).</summary>
    public void Audit(string action, string entityType, string? entityId, string scopePath, string? note = null,
        string? before = null, string? after = null) =>
        AuditEntries.Add(new AuditEntry
        {
            Before = before,
            After = after,
            At = Clock.GetUtcNow(),
            UserName = Actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            ScopePath = scopePath,
            Note = note,
        });
}
