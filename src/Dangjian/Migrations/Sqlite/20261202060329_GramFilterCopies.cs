using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dangjian.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class GramFilterCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "MemberNameGrams",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "MemberNameGrams",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Flags",
                table: "MemberNameGrams",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "JoinedOn",
                table: "MemberNameGrams",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "MemberNameGrams",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // The windows copy their members' filtered and ordered columns: fill them before the indexes are built.
            migrationBuilder.Sql(
                """
                UPDATE "MemberNameGrams" AS g
                SET "Category" = m."Category", "Status" = m."Status", "JoinedOn" = m."JoinedOn", "BirthDate" = m."BirthDate",
                    "Flags" = m."IsMobile" * 1 + m."LostContact" * 2 + m."IsAssisting" * 4
                        + (CASE m."WorkStatus" WHEN 'Serving' THEN 0 WHEN 'Retired' THEN 1 ELSE 2 END) * 8
                FROM "Members" AS m
                WHERE m."Id" = g."MemberId"
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id", "LeftAt", "Category", "Status", "WorkStatus", "IsMobile", "LostContact", "IsAssisting", "JoinedOn", "BirthDate", "NameInitials" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId", "OrgPath", "Category", "Status", "Flags" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "OrgPath", "MemberId", "Category", "Status", "Flags", "JoinedOn", "BirthDate", "NamePinyin" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Flags",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "JoinedOn",
                table: "MemberNameGrams");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "MemberNameGrams");

            migrationBuilder.CreateIndex(
                name: "IX_Members_OrgPath_NamePinyin_Id",
                table: "Members",
                columns: new[] { "OrgPath", "NamePinyin", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_NamePinyin_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "NamePinyin", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNameGrams_Gram_OrgPath_MemberId",
                table: "MemberNameGrams",
                columns: new[] { "Gram", "OrgPath", "MemberId" });
        }
    }
}
