using System.Text.Json;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dangjian.Platform.Audit;

/// <summary>
/// One audit line per created, changed or deleted <see cref="IAudited"/> row: who, when, before and after. The
/// "before" is taken when the save plans (the tracker still holds the original values), the "after" once the rows
/// are written and completed, so that a new organization's line shows its real path.
/// </summary>
internal sealed class AuditStep : ISaveStep
{
    public int Order => SaveStepOrder.Audit;

    public ISavePass? Plan(AppDb db)
    {
        if (db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only.");
        }
        var pending = new List<Pending>();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is IAudited))
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(new Pending(entry, AuditActions.Created, null));
                    break;
                case EntityState.Modified:
                    pending.Add(new Pending(entry, AuditActions.Updated, Snapshot(entry, current: false)));
                    break;
                case EntityState.Deleted:
                    pending.Add(new Pending(entry, AuditActions.Deleted, Snapshot(entry, current: false)));
                    break;
                default:
                    break;
            }
        }
        return pending.Count == 0 ? null : new Pass(pending);
    }

    private sealed record Pending(EntityEntry Entry, string Action, string? Before);

    private sealed class Pass(List<Pending> pending) : IBatchedSavePass
    {
        public Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            AddLines(db);
            return Task.CompletedTask;
        }

        // In a save sent as one command the rows carry their final ids already: the lines are taken the same way.
        public void AfterWrite(SaveBatch batch, AppDb db) => AddLines(db);

        private void AddLines(AppDb db)
        {
            var at = db.Clock.GetUtcNow();
            var actor = db.Actor;
            foreach (var p in pending)
            {
                var audited = (IAudited)p.Entry.Entity;
                db.AuditEntries.Add(new AuditEntry
                {
                    At = at,
                    UserName = actor,
                    Action = p.Action,
                    EntityType = p.Entry.Metadata.ClrType.Name,
                    EntityId = audited.AuditId,
                    ScopePath = audited.AuditScopePath,
                    Before = p.Before,
                    After = p.Action == AuditActions.Deleted ? null : Snapshot(p.Entry, current: true),
                });
            }
        }
    }

    /// <summary>The record as JSON, each property as <see cref="AuditedProperties.Of"/> says.</summary>
    internal static string Snapshot(EntityEntry entry, bool current)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            Put(values, property.Metadata, current ? property.CurrentValue : property.OriginalValue);
        }
        return JsonSerializer.Serialize(values, Json);
    }

    /// <summary>
    /// The values an audit line's snapshot holds for a row that is not tracked (a bulk insert's), exactly as
    /// <see cref="Snapshot(EntityEntry, bool)"/> would write them for the same row: serialize with <see cref="Json"/>.
    /// </summary>
    internal static SortedDictionary<string, object?> SnapshotValues(IEntityType type, object entity)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties())
        {
            Put(values, property, property.GetGetter().GetClrValueUsingContainingEntity(entity));
        }
        return values;
    }

    private static void Put(SortedDictionary<string, object?> values, IProperty property, object? value)
    {
        var (how, name) = AuditedProperties.Of(property);
        switch (how)
        {
            case AuditedAs.Left:
                break;
            case AuditedAs.Protected:
                // Record that the protected value is there (or changed), never the value itself.
                values[name] = value is null ? null : "(已加密)";
                break;
            default:
                values[name] = value is Enum e ? e.ToString() : value;
                break;
        }
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
