using Dangjian.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The members' tables and the rows derived from them; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Member> Members => Set<Member>();
    public DbSet<ContactHousehold> ContactHouseholds => Set<ContactHousehold>();
    public DbSet<MemberNameGram> MemberNameGrams => Set<MemberNameGram>();
    public DbSet<MemberTally> MemberTallies => Set<MemberTally>();
    public DbSet<MemberImportChunk> MemberImportChunks => Set<MemberImportChunk>();
}
