using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// The organization picker's results (<see cref="OrganizationPicker"/>): a search by name or initials, or one level of
/// the tree. Returns the fragment that replaces the picker's option list; the option checked before travels in the
/// query under the field's own name and stays first.
/// </summary>
[RequirePermission(Permission.ViewOrganizations)]
public class PickModel(AppDb db, Scope scope) : AppPageModel
{
    public OrganizationPicker Picker { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? field, string? orgq, long? parentId, bool groups, string? kinds, long? exclude,
        bool directory, string? none, string? key)
    {
        if (!OrganizationPicker.IsFieldName(field) || !OrganizationPicker.IsKey(key))
        {
            return BadRequest();
        }
        var kindList = new List<OrganizationKind>();
        foreach (var name in (kinds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrganizationKind>(name, ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            {
                return BadRequest();
            }
            kindList.Add(kind);
        }
        Picker = new OrganizationPicker
        {
            Field = field!,
            Label = "",
            PartyGroups = groups,
            Kinds = kindList.Count > 0 ? kindList : null,
            Exclude = exclude,
            Directory = directory,
            Key = key,
            NoneLabel = string.IsNullOrWhiteSpace(none) ? null : none.Trim() is var label && label.Length > 20 ? label[..20] : label,
        };
        string? excludedPath = null;
        if (exclude is { } excludedId)
        {
            // The id comes from the request: resolved through the scope like any other.
            var excluded = await scope.FindAsync(db.Organizations, excludedId, Aborted);
            if (excluded is null)
            {
                return Missing("党组织");
            }
            excludedPath = excluded.Path;
        }
        var root = directory ? OrgPath.Root : await scope.PathAsync(Aborted);
        // The level walked to: through the scope like any id a request carries (the whole system's directory has none).
        Organization? walked = null;
        if (parentId is { } walkedId)
        {
            var live = db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null);
            walked = directory ? await live.FirstOrDefaultAsync(o => o.Id == walkedId, Aborted) : await scope.FindAsync(live, walkedId, Aborted);
            if (walked is null)
            {
                return Missing("党组织");
            }
        }
        var filter = Picker.Filter(excludedPath);
        if (long.TryParse(Request.Query[field!], out var selectedId) && selectedId > 0)
        {
            Picker.Selected = await SearchOrganizations.OneAsync(root, selectedId, filter, db, Aborted);
        }
        var text = (orgq ?? "").Trim();
        if (text.Length > 0 && parentId is null)
        {
            Picker.Searched = text[..Math.Min(text.Length, SearchOrganizations.MaxQueryLength)];
            var found = await SearchOrganizations.FindAsync(root, text, filter, db, Aborted);
            Picker.Items = found.Items;
            Picker.More = found.More;
        }
        else
        {
            var level = await SearchOrganizations.LevelAsync(root, parentId, filter, db, Aborted);
            if (level is null)
            {
                return Missing("党组织");
            }
            Picker.Items = level;
            Picker.Browsing = true;
            // Back up one level, unless this is the top of what the caller may walk.
            Picker.AtTop = walked is null || walked.Path == root;
            Picker.UpId = Picker.AtTop ? null : walked!.ParentId;
        }
        return Partial("_OrganizationPickerResults", Picker);
    }
}
