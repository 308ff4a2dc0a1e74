using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dangjian.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MemberImportChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MemberImportChunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AuditEntryId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    FirstMemberId = table.Column<long>(type: "bigint", nullable: false),
                    LastMemberId = table.Column<long>(type: "bigint", nullable: false),
                    Members = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberImportChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberImportChunks_AuditEntries_AuditEntryId",
                        column: x => x.AuditEntryId,
                        principalTable: "AuditEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MemberImportChunks_AuditEntryId_Position",
                table: "MemberImportChunks",
                columns: new[] { "AuditEntryId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberImportChunks_LastMemberId_FirstMemberId",
                table: "MemberImportChunks",
                columns: new[] { "LastMemberId", "FirstMemberId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberImportChunks");
        }
    }
}
