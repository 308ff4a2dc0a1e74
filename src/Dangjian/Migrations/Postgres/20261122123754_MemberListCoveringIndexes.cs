using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberListCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NameInitials", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath", "LeftAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "LeftAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_NameInitials_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NameInitials", "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_NamePinyin_Id",
                table: "Members",
                columns: new[] { "NamePinyin", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" });
        }
    }
}
