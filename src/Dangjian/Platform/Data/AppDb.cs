using Dangjian.Platform.Activity;
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
    public DbSet<ActivityEntry> ActivityEntries => Set<ActivityEntry>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Attachments.Attachment> Attachments => Set<Attachments.Attachment>();
    public DbSet<Todo.Escalation> Escalations => Set<Todo.Escalation>();

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
        if (passes.TrueForAll(p => p is IBatchedSavePass) && FitsOneCommand())
        {
            return await SaveInOneCommandAsync(passes.Cast<IBatchedSavePass>().ToList(), acceptAllChangesOnSuccess, cancellationToken);
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

    /// <summary>
    /// True when every pending change can be one statement of a <see cref="SaveBatch"/>: rows of
    /// <see cref="IWrittenInOneCommand"/> entities whose only generated value is their id, and new audit lines.
    /// Lines alone, and saves inside a caller's transaction, take the usual way: their callers may read the lines' ids
    /// (an import's snapshots refer to its line).
    /// </summary>
    private bool FitsOneCommand()
    {
        var changed = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        return Database.CurrentTransaction is null && changed.Exists(e => e.Entity is IWrittenInOneCommand) && changed.TrueForAll(FitsOneCommand);
    }

    private static bool FitsOneCommand(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e) =>
        e.Entity is AuditEntry ? e.State == EntityState.Added
            : e.Entity is IWrittenInOneCommand && e.Metadata.GetProperties().All(p => p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || DrawnId(p));

    private static bool DrawnId(Microsoft.EntityFrameworkCore.Metadata.IProperty p) =>
        p.IsPrimaryKey() && p.Name == "Id" && p.ClrType == typeof(long) && p.DeclaringType.ContainingEntityType.FindPrimaryKey()!.Properties.Count == 1;

    /// <summary>
    /// The save as one command and its commit (<see cref="SaveBatch"/>): new rows get their ids first (<see cref="IdPool"/>),
    /// every step adds its statements, and the tracked rows are written between them, in the order of their foreign keys.
    /// </summary>
    private async Task<int> SaveInOneCommandAsync(List<IBatchedSavePass> passes, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var ownTransaction = await Database.BeginTransactionAsync(ct);
        try
        {
            foreach (var entry in ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is IWrittenInOneCommand).ToList())
            {
                if (entry.Metadata.FindPrimaryKey()!.Properties is [var key] && DrawnId(key) && entry.Property(key.Name) is { IsTemporary: true } id)
                {
                    id.CurrentValue = await IdPool.NextAsync(this, entry.Metadata.GetTableName()!, ct);
                }
            }
            ChangeTracker.DetectChanges();
            var batch = new SaveBatch(this);
            foreach (var pass in passes)
            {
                pass.BeforeWrite(batch, this);
            }
            var written = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var count = WriteTracked(batch, written);
            foreach (var pass in passes)
            {
                pass.AfterWrite(batch, this);
            }
            ChangeTracker.DetectChanges();
            WriteTracked(batch, written);
            try
            {
                await batch.ExecuteAsync(this, ct);
            }
            catch (System.Data.Common.DbException e)
            {
                throw new DbUpdateException("The save's command failed: " + e.Message, e);
            }
            await batch.FollowUpAsync(this, ct);
            await ownTransaction.CommitAsync(ct);
            // The audit lines' ids were given by the database and are not read back: nothing changes a line once written.
            foreach (var line in ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList())
            {
                line.State = EntityState.Detached;
            }
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }
            return count;
        }
        catch when (this is SqliteAppDb)
        {
            IdPool.Forget(this);
            throw;
        }
        finally
        {
            await ownTransaction.DisposeAsync();
        }
    }

    /// <summary>Adds the statements of the tracked changes not written yet: deletions of dependents first, then principals before dependents.</summary>
    private int WriteTracked(SaveBatch batch, HashSet<object> written)
    {
        var pending = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not AuditEntry && !written.Contains(e.Entity))
            .ToList();
        var types = pending.Select(e => e.Metadata).Distinct().ToList();
        // Depth of a type among those written: how many of the others it refers to, through its foreign keys.
        int Depth(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, int limit = 8) => limit == 0 ? 0
            : type.GetForeignKeys().Where(f => f.PrincipalEntityType != type && types.Contains(f.PrincipalEntityType))
                .Select(f => 1 + Depth(f.PrincipalEntityType, limit - 1)).DefaultIfEmpty(0).Max();
        var ordered = pending.Where(e => e.State == EntityState.Deleted).OrderByDescending(e => Depth(e.Metadata))
            .Concat(pending.Where(e => e.State != EntityState.Deleted).OrderBy(e => Depth(e.Metadata)));
        foreach (var entry in ordered)
        {
            batch.Write(entry);
            written.Add(entry.Entity);
        }
        return pending.Count;
    }

    /// <summary>
    /// A query of exactly one row (the audit chain's head), on which a use case hangs several look-ups as sub-queries so
    /// that they reach the database as one: <c>db.OneRow().Select(_ => new { A = …, B = … }).SingleAsync()</c>.
    /// </summary>
    public IQueryable<AuditChainHead> OneRow() => AuditChainHeads.AsNoTracking().Where(h => h.Id == 1);

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
