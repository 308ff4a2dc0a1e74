using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PinyinBySyllable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The sort key becomes the syllables joined by a space ("chen chao hong"), so that 陈 chen sorts before
            // 程 cheng. SQL cannot compute pinyin: the keys are emptied here, and MemberSortKeyBackfill fills them, and
            // then the windows' copies, when the migrations have run (Startup.MigrateAsync).
            migrationBuilder.Sql("""UPDATE "Members" SET "NamePinyin" = '';""");
            migrationBuilder.Sql("""UPDATE "MemberNameGrams" SET "NamePinyin" = '';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The earlier form is the same syllables run together. Keys still empty are filled by the app when it next
            // saves the member (MemberWriter).
            migrationBuilder.Sql("""UPDATE "Members" SET "NamePinyin" = REPLACE("NamePinyin", ' ', '');""");
            migrationBuilder.Sql("""UPDATE "MemberNameGrams" SET "NamePinyin" = REPLACE("NamePinyin", ' ', '');""");
        }
    }
}
