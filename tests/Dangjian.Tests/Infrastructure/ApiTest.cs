using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// Base of the HTTP tests: one app and database per test class, and a check after every test that the server
/// logged no error the test did not declare with <see cref="ExpectServerErrors"/>.
/// </summary>
public abstract class ApiTest(AppFactory app) : ApiTest<AppFactory>(app);

/// <summary>The same, on a host of its own kind (an <see cref="AppFactory"/> subclass with other settings).</summary>
public abstract class ApiTest<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime
    where TApp : AppFactory
{
    private int _errorMark;
    private bool _errorsExpected;

    protected TApp App { get; } = app;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public ValueTask InitializeAsync()
    {
        _errorMark = App.Errors.Count;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        var errors = App.Errors.Since(_errorMark);
        if (!_errorsExpected && errors.Count > 0)
        {
            throw new InvalidOperationException($"The server logged {errors.Count} unexpected error(s) on {TestDatabase.Name}:\n" + string.Join("\n", errors));
        }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected void ExpectServerErrors() => _errorsExpected = true;

    protected Task<HttpClient> As(string user) => App.ClientAsAsync(user);

    /// <summary>Queues a job as <paramref name="userName"/>, as a feature's start route would.</summary>
    protected async Task<long> EnqueueJob(string userName, string kind, object parameters)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            User = await services.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(user!),
        };
        return (await services.GetRequiredService<Dangjian.Platform.Jobs.JobQueue>().EnqueueAsync(kind, parameters, null, CancellationToken.None)).Id;
    }

    /// <summary>
    /// Reads a background job until <paramref name="condition"/> holds, by default until it has finished (the worker
    /// runs on its own, and a loaded machine may take a while).
    /// </summary>
    protected static async Task<Dangjian.Features.Jobs.JobView.Response> WaitForJob(HttpClient client, long id,
        Func<Dangjian.Features.Jobs.JobView.Response, bool>? condition = null)
    {
        condition ??= j => j.State is Dangjian.Platform.Jobs.JobState.Succeeded or Dangjian.Platform.Jobs.JobState.Failed or Dangjian.Platform.Jobs.JobState.Cancelled;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var job = await Read<Dangjian.Features.Jobs.JobView.Response>(await client.GetAsync($"/api/v1/jobs/{id}", timeout.Token));
            if (condition(job))
            {
                return job;
            }
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Asks <paramref name="condition"/> until it holds (work done by the app's own background services), for at most three minutes.</summary>
    protected static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    protected static async Task<T> Read<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Reads an RFC 9457 validation problem and returns its per-field messages.</summary>
    protected static async Task<Dictionary<string, string[]>> Problem(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<ProblemBody>(body, Json)!;
        return problem.Errors ?? [];
    }

    protected static Task<HttpResponseMessage> PostJson(HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, Json);

    protected static Task<HttpResponseMessage> PutJson(HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, Json);

    public sealed record ProblemBody(string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);

    public sealed record Created(long Id);
}
