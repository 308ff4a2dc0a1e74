using Microsoft.AspNetCore.Identity;

namespace Dangjian.Platform.Security;

/// <summary>
/// Refuses passwords that are guessed first: common ones, keyboard and alphabet runs, and any containing the user
/// name. The lists are data (<c>PasswordLists/*.txt</c>, embedded), so that they can grow without code changes.
/// Identity's own rules (length, a digit, a lower-case letter) apply as well.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<AppUser>
{
    /// <summary>Runs shorter than this are too common in ordinary passwords to refuse ("abc", "123").</summary>
    public const int SequenceLength = 6;

    private static readonly HashSet<string> Common = new(Load("common-passwords"), StringComparer.Ordinal);
    private static readonly string[] Sequences = Load("keyboard-sequences").SelectMany(s => new[] { s, new string(s.Reverse().ToArray()) }).ToArray();

    private static IEnumerable<string> Load(string name)
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream($"Dangjian.{name}.txt")
            ?? throw new InvalidOperationException($"The password list {name}.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                lines.Add(line.ToLowerInvariant());
            }
        }
        return lines;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var errors = new List<IdentityError>();
        var lower = password.ToLowerInvariant();
        if (IsCommon(lower))
        {
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "密码过于常见，容易被猜中，请换一个" });
        }
        if (ContainsSequence(lower))
        {
            errors.Add(new IdentityError { Code = "PasswordSequence", Description = $"密码不能包含{SequenceLength}个以上连续的键盘或字母、数字序列（如 qwerty、123456）" });
        }
        if (user.UserName is { Length: >= 3 } name && lower.Contains(name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名" });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>A listed password, alone or padded with digits and symbols ("password12", "2026woaini").</summary>
    private static bool IsCommon(string lower)
    {
        if (Common.Contains(lower))
        {
            return true;
        }
        var core = lower.Trim("0123456789!@#$%^&*()_-+=.,?~ ".ToCharArray());
        return core.Length > 0 && Common.Contains(core);
    }

    private static bool ContainsSequence(string lower)
    {
        for (var start = 0; start + SequenceLength <= lower.Length; start++)
        {
            var window = lower.Substring(start, SequenceLength);
            if (Sequences.Any(s => s.Contains(window, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
