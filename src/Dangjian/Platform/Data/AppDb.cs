using System.Text.Json;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dangjian.Platform.Data;

/// <summary>
/// The one database context. Each provider has a subclass only so that it keeps its own migrations
/// (Migrations/Sqlite, Migrations/Postgres). Saving does three things in one transaction: the changes, the
/// member tallies of every ancestor, and the audit lines.
/// </summary>
public abstract class AppDb : IdentityDbContext<AppUser>
{
    private readonly CurrentUser? _currentUser;
    private readonly TimeProvider _clock;

    protected AppDb(DbContextOptions options, CurrentUser? currentUser, TimeProvider? clock) : base(options)
    {
        _currentUser = currentUser;
        _clock = clock ?? TimeProvider.System;
    }

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Instructor> Instructors => Set<Instructor>();
    public DbSet<PartTimeCommitteeMember> PartTimeCommitteeMembers => Set<PartTimeCommitteeMember>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<ContactHousehold> ContactHouseholds => Set<ContactHousehold>();
    public DbSet<MemberNameGram> MemberNameGrams => Set<MemberNameGram>();
    public DbSet<MemberTally> MemberTallies => Set<MemberTally>();
    public DbSet<Transfer> Transfers => Set<Transfer>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<RuleOverride> RuleOverrides => Set<RuleOverride>();

    /// <summary>Name written into audit lines when no user is signed in (demo seeding, command line).</summary>
    public string? ActorOverride { get; set; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database, and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly);
        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(50);
            b.HasIndex(u => u.OrganizationId);
            b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<MemberTally>(b =>
        {
            b.HasKey(t => new { t.OrganizationId, t.Category, t.Status });
            b.Property(t => t.Category).HasMaxLength(20);
            b.Property(t => t.Status).HasMaxLength(20);
        });
        builder.Entity<AuditEntry>(b =>
        {
            b.Property(a => a.UserName).HasMaxLength(100);
            b.Property(a => a.Action).HasMaxLength(40);
            b.Property(a => a.EntityType).HasMaxLength(60);
            b.Property(a => a.EntityId).HasMaxLength(60);
            b.Property(a => a.ScopePath).HasMaxLength(400);
            b.Property(a => a.Note).HasMaxLength(500);
            b.HasIndex(a => new { a.ScopePath, a.Id });
        });
        ConfigureProvider(builder);
    }

    /// <summary>Provider-specific collations and index options.</summary>
    protected virtual void ConfigureProvider(ModelBuilder builder)
    {
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: member tallies and audit lines are written with the changes.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        RefuseAuditChanges();
        var tallyDeltas = TallyWriter.Collect(ChangeTracker);
        var renamed = NameGramWriter.Collect(ChangeTracker);
        var pending = CaptureAudit();

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await TallyWriter.ApplyAsync(this, tallyDeltas, cancellationToken);
            var inserted = ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is ICompletedAfterInsert)
                .Select(e => (ICompletedAfterInsert)e.Entity).ToList();
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var entity in inserted)
            {
                entity.CompleteAfterInsert();
            }
            await NameGramWriter.ApplyAsync(this, renamed, cancellationToken);
            if (pending.Count > 0 || inserted.Count > 0 || renamed.Count > 0)
            {
                var at = _clock.GetUtcNow();
                var actor = Actor;
                foreach (var p in pending)
                {
                    AuditEntries.Add(new AuditEntry
                    {
                        At = at,
                        UserName = actor,
                        Action = p.Action,
                        EntityType = p.Entry.Metadata.ClrType.Name,
                        EntityId = ((IAudited)p.Entry.Entity).AuditId,
                        ScopePath = ((IAudited)p.Entry.Entity).AuditScopePath,
                        Before = p.Before,
                        After = p.Action == AuditActions.Deleted ? null : Snapshot(p.Entry, current: true),
                    });
                }
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

    public string Actor => ActorOverride ?? _currentUser?.AuditName ?? "system";

    /// <summary>Adds an audit line for something that is not a row change (a reveal, a refused access, an export).</summary>
    public void Audit(string action, string entityType, string? entityId, string scopePath, string? note = null) =>
        AuditEntries.Add(new AuditEntry
        {
            At = _clock.GetUtcNow(),
            UserName = Actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            ScopePath = scopePath,
            Note = note,
        });

    private void RefuseAuditChanges()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only.");
        }
    }

    private sealed record PendingAudit(EntityEntry Entry, string Action, string? Before);

    private List<PendingAudit> CaptureAudit()
    {
        var result = new List<PendingAudit>();
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is IAudited))
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    result.Add(new PendingAudit(entry, AuditActions.Created, null));
                    break;
                case EntityState.Modified:
                    result.Add(new PendingAudit(entry, AuditActions.Updated, Snapshot(entry, current: false)));
                    break;
                case EntityState.Deleted:
                    result.Add(new PendingAudit(entry, AuditActions.Deleted, Snapshot(entry, current: false)));
                    break;
                default:
                    break;
            }
        }
        return result;
    }

    /// <summary>The record as JSON. Encrypted columns and keyed hashes are left out: the log must not leak what they protect.</summary>
    private static string Snapshot(EntityEntry entry, bool current)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name.EndsWith("Hash", StringComparison.Ordinal) || name == "Version")
            {
                continue;
            }
            var value = current ? property.CurrentValue : property.OriginalValue;
            if (name.EndsWith("Cipher", StringComparison.Ordinal))
            {
                // Record that the protected value changed, never the value itself.
                values[name[..^"Cipher".Length]] = value is null ? null : "(已加密)";
                continue;
            }
            values[name] = value is Enum e ? e.ToString() : value;
        }
        return JsonSerializer.Serialize(values, AuditJson);
    }

    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
