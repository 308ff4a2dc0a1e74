namespace Dangjian.Features.Members;

/// <summary>Settings of the member import (section "Imports" of the configuration).</summary>
public sealed class ImportOptions
{
    /// <summary>
    /// The largest upload the import page imports inside the request; a larger one is imported by a background job,
    /// whose page shows how far it has got. 1 MB of the template holds about 10,000 members, which an idle server
    /// imports in a few seconds. The API chooses for itself: POST /api/v1/members/import or …/imports.
    /// </summary>
    public long InRequestBytes { get; set; } = 1 << 20;
}
