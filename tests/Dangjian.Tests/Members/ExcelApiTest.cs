using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Dangjian.Features.Members;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

/// <summary>What the Excel tests share: posting sheets, reading the import's answers, and finding members again.</summary>
public abstract class ExcelApiTest(AppFactory app) : ApiTest(app)
{
    public sealed record RowErrorBody(int Row, string Column, string Message);
    public sealed record ImportReport(bool Succeeded, int Imported, List<RowErrorBody> Errors);
    public sealed record ImportProblem(string? Title, int? Status, string? Detail, List<RowErrorBody>? Errors);

    /// <summary>A member as the API shows it, with the full ID and phone numbers.</summary>
    public sealed record Details(GetMember.Response Member, GetMember.Revealed Revealed);

    protected static Task<HttpResponseMessage> PostSheet(HttpClient client, byte[] xlsx, string fileName = "党员.xlsx") =>
        client.PostAsync("/api/v1/members/import", ExcelBooks.Upload(xlsx, fileName));

    protected static async Task<ImportReport> Imported(HttpResponseMessage response) => await Read<ImportReport>(response);

    /// <summary>The 400 answer of a refused import: problem details with the error list.</summary>
    protected static async Task<ImportProblem> Refused(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<ImportProblem>(body, Json)!;
        problem.Title.ShouldBe("导入失败，未导入任何党员");
        problem.Detail.ShouldNotBeNullOrWhiteSpace();
        problem.Errors.ShouldNotBeNull().ShouldNotBeEmpty();
        return problem;
    }

    protected Task<long> OrganizationId(string name) =>
        App.WithDbAsync(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    protected Task<int> MemberCount() => App.WithDbAsync(db => db.Members.CountAsync());

    protected Task<int> AuditCount(string action) => App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == action));

    /// <summary>Finds a member by full ID number (as the caller sees the list) and reads the details and the full numbers.</summary>
    protected static async Task<Details?> FindByIdNumber(HttpClient client, string idNumber)
    {
        var found = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?q={idNumber}"));
        if (found.Items.Count == 0)
        {
            return null;
        }
        found.Items.Count.ShouldBe(1);
        var id = found.Items[0].Id;
        var member = await Read<GetMember.Response>(await client.GetAsync($"/api/v1/members/{id}"));
        var revealed = await Read<GetMember.Revealed>(await client.PostAsync($"/api/v1/members/{id}/reveal", null));
        return new Details(member, revealed);
    }

    /// <summary>Runs code with the app's services as if a request by <paramref name="userName"/> were being served.</summary>
    protected async Task<T> AsUserAsync<T>(string userName, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            // The account's own principal, security stamp included: a principal without it is an ended session.
            User = await services.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user!),
        };
        try
        {
            return await action(services);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
