namespace Dangjian.Features.Accounts;

internal static class PasswordMessages
{
    /// <summary>
    /// Identity's and the password rules' messages say "密码…"; a form with several password boxes names the one
    /// meant ("新密码至少需要10个字符", "初始密码过于常见").
    /// </summary>
    public static string Naming(string label, string description) =>
        description.StartsWith("密码", StringComparison.Ordinal) ? label + description[2..] : description;
}
