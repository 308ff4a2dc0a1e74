using System.Text.Json;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Audit;

/// <summary>The audit log of the caller's subtree, newest first, with each change shown field by field.</summary>
[RequirePermission(Permission.ViewAudit)]
public class IndexModel(AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNo { get; set; } = 1;

    public Page<AuditLog.Row>? Result { get; private set; }

    public AuditNames Names { get; private set; } = new();

    /// <summary>Each line's snapshots, field by field: parsed once, for the names to look up and for the page.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<FieldChange>> ChangesByLine { get; private set; } = new Dictionary<long, IReadOnlyList<FieldChange>>();

    public async Task OnGetAsync()
    {
        var outcome = await AuditLog.List(EntityType, EntityId, Action, PageNo, null, db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Result = outcome.Value;
            ChangesByLine = Result!.Items.ToDictionary(e => e.Id, e => Changes(e.EntityType, e.Before, e.After));
            Names = await AuditNames.LoadAsync(Result.Items, ChangesByLine, db, Aborted);
        }
        else
        {
            ShowRefusal(outcome, "");
        }
    }

    public string PageUrl(int pageNo) => Url.Page("/Audit/Index", new { EntityType, EntityId, Action, pageNo }) ?? "/Audit";

    public sealed record FieldChange(string Field, string Label, string? Before, string? After)
    {
        public bool Changed => Before != After;
    }

    /// <summary>The before and after snapshots (JSON objects) side by side, one line per field.</summary>
    public static IReadOnlyList<FieldChange> Changes(string entityType, string? before, string? after)
    {
        var b = Flatten(before);
        var a = Flatten(after);
        return b.Keys.Union(a.Keys).Order(StringComparer.Ordinal)
            .Select(k => new FieldChange(k, AuditLabels.Field(entityType, k), b.GetValueOrDefault(k), a.GetValueOrDefault(k)))
            .ToList();
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                result["(值)"] = json;
                return result;
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => AuditLabels.Value(property.Value.GetString()),
                    JsonValueKind.True => "是",
                    JsonValueKind.False => "否",
                    _ => property.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            // An entry written by hand (not a snapshot) is shown as it is.
            result["(内容)"] = json;
        }
        return result;
    }
}
