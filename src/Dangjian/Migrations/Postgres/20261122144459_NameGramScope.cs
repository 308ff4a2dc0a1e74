using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "OrgPath",
                table: "MemberNameGrams",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "",
                collation: "C");

            // Existing grams take their member's place and sort key; members who have left keep none. Filled before
            // the indexes are built, which is faster on a large table.
            migrationBuilder.Sql("""
                DELETE FROM "MemberNameGrams" AS g USING "Members" AS m WHERE m."Id" = g."MemberId" AND m."LeftAt" IS NOT NULL;
                UPDATE "MemberNameGrams" AS g SET "OrgPath" = m."OrgPath", "NamePinyin" = m."NamePinyin"
                FROM "Members" AS m WHERE m."Id" = g."MemberId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath" });

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
