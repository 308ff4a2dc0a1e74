using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchIndexesCoverFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_IdNumberTail_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Name_OrgPath",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_IdNumberTail_OrgPath",
                table: "Members",
                columns: new[] { "IdNumberTail", "OrgPath" })
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NamePinyin" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Name_OrgPath",
                table: "Members",
                columns: new[] { "Name", "OrgPath" })
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NamePinyin" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_IdNumberTail_OrgPath",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_Name_OrgPath",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_IdNumberTail_OrgPath",
                table: "Members",
                columns: new[] { "IdNumberTail", "OrgPath" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_Name_OrgPath",
                table: "Members",
                columns: new[] { "Name", "OrgPath" });
        }
    }
}
