using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NameGramScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NamePinyin",
                table: "MemberNameGrams",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "OrgPath",
                table: "MemberNameGrams",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            // Existing grams take their member's place and sort key; members who have left keep none.
            migrationBuilder.Sql("""
                DELETE FROM "MemberNameGrams" WHERE "MemberId" IN (SELECT "Id" FROM "Members" WHERE "LeftAt" IS NOT NULL);
                UPDATE "MemberNameGrams" SET "OrgPath" = m."OrgPath", "NamePinyin" = m."NamePinyin"
                FROM "Members" AS m WHERE m."Id" = "MemberNameGrams"."MemberId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "OrgPath", "MemberId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "NamePinyin",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "OrgPath",
                table: "MemberNameGrams");
        }
    }
}
