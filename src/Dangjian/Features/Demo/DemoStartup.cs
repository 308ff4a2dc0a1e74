namespace Dangjian.Features.Demo;

public static class DemoStartup
{
    /// <summary>In demo mode (Demo:Enabled), loads the demo on first start and prints its sign-ins.</summary>
    public static async Task LoadIfEnabledAsync(WebApplication app)
    {
        if (!app.Configuration.GetValue("Demo:Enabled", false))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        if (!await demo.IsLoadedAsync(CancellationToken.None))
        {
            await demo.LoadAsync(CancellationToken.None);
        }
        // Printed to the console on purpose: whoever started the demo needs the sign-ins, whatever the log level.
        var lines = DemoData.Accounts.Select(a => $"  {a.UserName,-10} {a.RoleName}（{a.OrganizationName}）");
        Console.WriteLine($"Demo mode. Sign in at the address below with one of these accounts, password {DemoData.Password}:\n{string.Join('\n', lines)}");
    }
}
