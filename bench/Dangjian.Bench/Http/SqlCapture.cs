using System.Data.Common;
using System.Security.Claims;
using Dangjian.Features.Meetings;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Bench.Http;

/// <summary>One SQL command as EF sent it: the text and the typed parameters, ready to be sent again by the ADO.NET provider alone.</summary>
public sealed record CapturedCommand(string Text, IReadOnlyList<DbParameter> Parameters)
{
    public DbCommand ToCommand(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Text;
        foreach (var p in Parameters)
        {
            command.Parameters.Add(BenchDb.Clone(p));
        }
        return command;
    }

    public string Describe() => Text.ReplaceLineEndings(" ") + (Parameters.Count == 0 ? "" :
        "  -- " + string.Join(", ", Parameters.Select(p => $"{p.ParameterName}={Show(p.Value)}")));

    private static string? Show(object? value) => value is System.Collections.IEnumerable list and not string
        ? "{" + string.Join(",", list.Cast<object>()) + "}"
        : value?.ToString();
}

/// <summary>
/// Finds out which SQL a request runs by running the app's own use-case code (the same handler the endpoint calls,
/// with the same EF model and provider) in this process, as the benchmark account, and recording every command EF
/// executes. The app itself is measured over HTTP; these commands are then replayed with the provider alone.
/// </summary>
public sealed class SqlCapture : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Recorder _recorder = new();

    public SqlCapture(BenchDb db)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions();
        // The app's clock: Beijing time, so that "today" and the periods are the app's.
        services.AddSingleton(Dangjian.Platform.Time.ChinaTime.Provider);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" }).Build());
        services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        if (db.IsSqlite)
        {
            services.AddDbContext<AppDb, SqliteAppDb>(o => o.UseSqlite(db.Connection).AddInterceptors(_recorder));
        }
        else
        {
            services.AddDbContext<AppDb, PostgresAppDb>(o => o.UseNpgsql(db.Connection).AddInterceptors(_recorder));
        }
        services.AddScoped<CurrentUser>();
        services.AddScoped<Scope>();
        services.AddScoped<Dangjian.Platform.Rules.RuleBook>();
        services.AddScoped<Dangjian.Platform.Time.WorkCalendar>();
        services.AddScoped<Dangjian.Platform.Todo.TodoList>();
        services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.Meetings.MeetingTodoSource>();
        services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.Study.StudyTodoSource>();
        services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.Wishes.WishTodoSource>();
        services.AddSingleton(new PersonalDataProtector(BenchKey.Bytes));
        _services = services.BuildServiceProvider();
    }

    /// <summary>The commands of one request, in order, after one unrecorded run to warm EF's caches.</summary>
    public async Task<IReadOnlyList<CapturedCommand>> CaptureAsync(BenchScope benchScope, BenchCase @case, CancellationToken ct)
    {
        await RunAsync(benchScope, @case, ct);
        _recorder.Commands.Clear();
        _recorder.Enabled = true;
        try
        {
            await RunAsync(benchScope, @case, ct);
            return [.. _recorder.Commands];
        }
        finally
        {
            _recorder.Enabled = false;
        }
    }

    private async Task RunAsync(BenchScope benchScope, BenchCase @case, CancellationToken ct)
    {
        await using var scope = _services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            // As a token carries them: the account and its security stamp (the account is refused without it).
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, benchScope.UserId),
                new Claim(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType, benchScope.SecurityStamp)], "bench")),
        };
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
        var orgScope = scope.ServiceProvider.GetRequiredService<Scope>();
        // The permission check of the endpoint loads the account first; the handler then reuses it.
        await user.GetAsync(ct);
        if (@case.Picker is { } picker)
        {
            if (picker.Directory)
            {
                await ListOrganizations.Directory(picker.Q, db, ct);
            }
            else if (await SearchOrganizations.Handle(picker.Q, picker.ParentId, false, db, orgScope, ct) is null)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case found no such organization.");
            }
        }
        else if (@case.Compliance is { } compliance)
        {
            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var succeeded = compliance switch
            {
                ComplianceCall.Summary => (await ComplianceSummary.Handle(null, null, user, db, orgScope, clock, ct)).Succeeded,
                ComplianceCall.Grid => (await ComplianceGrid.Handle(null, null, MeetingKind.ThemedPartyDay, null, null, true, user, db, orgScope, clock, ct)).Succeeded,
                _ => (await OrganizationCompliance.Handle(null, null, user, db, orgScope, scope.ServiceProvider.GetRequiredService<Dangjian.Platform.Rules.RuleBook>(),
                    clock, ct)).Succeeded,
            };
            if (!succeeded)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case refused the request.");
            }
        }
        else if (@case.Wishes is { } wishes)
        {
            var succeeded = wishes switch
            {
                WishCall.Wall => (await Dangjian.Features.Wishes.WishWall.Handle(null, null, null, null, user, db, orgScope, ct)).Succeeded,
                WishCall.Figures => (await Dangjian.Features.Wishes.WishFigures.Handle(null, user, db, orgScope, ct)).Succeeded,
                _ => (await scope.ServiceProvider.GetRequiredService<Dangjian.Platform.Todo.TodoList>().ForCurrentAsync(ct)).Count >= 0,
            };
            if (!succeeded)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case refused the request.");
            }
        }
        else if (@case.StudyHours)
        {
            if (!(await Dangjian.Features.Study.MemberStudyHours.Handle(null, null, user, db, orgScope,
                    scope.ServiceProvider.GetRequiredService<Dangjian.Platform.Rules.RuleBook>(), ct)).Succeeded)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case refused the request.");
            }
        }
        else if (@case.Query is { } query)
        {
            var outcome = await SearchMembers.Handle(query, db, orgScope, user, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), ct);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case refused the query.");
            }
        }
        else
        {
            var outcome = await MemberStats.Handle(null, db, orgScope, user, ct);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"{@case.Key}: the use case refused the query.");
            }
        }
        accessor.HttpContext = null;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private sealed class Recorder : DbCommandInterceptor
    {
        public bool Enabled { get; set; }
        public List<CapturedCommand> Commands { get; } = [];

        private void Record(DbCommand command)
        {
            if (Enabled)
            {
                Commands.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(BenchDb.Clone).ToList()));
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }
    }
}
