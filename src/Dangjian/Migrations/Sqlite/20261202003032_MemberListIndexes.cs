using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Members_BirthDate_Id",
                table: "Members",
                columns: new[] { "BirthDate", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_JoinedOn_Id",
                table: "Members",
                columns: new[] { "JoinedOn", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_BirthDate_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_Members_JoinedOn_Id",
                table: "Members");
        }
    }
}
