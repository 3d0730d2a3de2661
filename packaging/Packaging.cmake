# Installation and the Debian package (`cpack -G DEB` in the build folder): the two programs (app/),
# their man pages, the desktop entry, AppStream metadata, MIME association for MIDI files, icons,
# the bundled model when resources/models/default exists, and the changelog. Included by the
# top-level CMakeLists.txt after app/.
include(GNUInstallDirs)
# `cpack` and `ninja install` package what the build made (build first: `cmake --build --preset release`)
# instead of building every test executable on the way.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(MOZART_APP_ID org.mozartstudio.MozartStudio)
set(MOZART_HOMEPAGE_URL "https://github.com/mozart-studio/mozart-studio" CACHE STRING
    "Project home page (AppStream metadata, Debian package)")
set(MOZART_SCREENSHOT_URL "https://raw.githubusercontent.com/mozart-studio/mozart-studio/main/docs/screenshots"
    CACHE STRING "Where software centres fetch the screenshots of docs/screenshots")
set(MOZART_MAINTAINER "Mozart Studio developers <maintainers@mozart-studio.invalid>" CACHE STRING
    "Maintainer field of the Debian package")

# Desktop integration. The .desktop file is named after the AppStream id so the two match.
set(MOZART_DESKTOP_FILE ${CMAKE_SOURCE_DIR}/packaging/${MOZART_APP_ID}.desktop)
set(MOZART_METAINFO_FILE ${CMAKE_BINARY_DIR}/packaging/${MOZART_APP_ID}.metainfo.xml)
configure_file(${CMAKE_SOURCE_DIR}/packaging/${MOZART_APP_ID}.metainfo.xml.in ${MOZART_METAINFO_FILE} @ONLY)
install(FILES ${MOZART_DESKTOP_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${MOZART_METAINFO_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/mozart-studio-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME mozart-studio.xml)
foreach(size 16 22 24 32 48 64 128 256 512)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/apps/mozart-studio.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/mozart-studio.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# The bundled model: OPTIONAL, checked when installing rather than when configuring, so a model
# added after the build folder was configured is still packaged.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/models/default/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mozart-studio/models/default OPTIONAL)
install(FILES ${CMAKE_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/mozart-studio)

# Man pages from the programs' own --help (packaging/ManPage.cmake), rebuilt with the programs.
find_program(MOZART_HELP2MAN help2man)
if(MOZART_HELP2MAN AND NOT MOZART_SANITIZE AND NOT CMAKE_CROSSCOMPILING)
    set(man_dir ${CMAKE_BINARY_DIR}/man)
    file(MAKE_DIRECTORY ${man_dir})
    add_custom_command(OUTPUT ${man_dir}/mozart.1.gz
        COMMAND ${CMAKE_COMMAND} -DHELP2MAN=${MOZART_HELP2MAN} -DPROGRAM=$<TARGET_FILE:mozart> -DVERSION=${PROJECT_VERSION}
                "-DNAME=REMI tokenization, training and generation of symbolic music"
                -DOUTPUT=${man_dir}/mozart.1.gz -DSUBCOMMANDS=ON "-DSEE_ALSO=.BR mozart-studio (1)"
                -P ${CMAKE_SOURCE_DIR}/packaging/ManPage.cmake
        DEPENDS mozart ${CMAKE_SOURCE_DIR}/packaging/ManPage.cmake
        COMMENT "Man page of mozart from its --help" VERBATIM)
    add_custom_command(OUTPUT ${man_dir}/mozart-studio.1.gz
        COMMAND ${CMAKE_COMMAND} -DHELP2MAN=${MOZART_HELP2MAN} -DPROGRAM=$<TARGET_FILE:mozart-studio> -DVERSION=${PROJECT_VERSION}
                "-DNAME=browse, hear, edit, train on and generate MIDI music" -DOUTPUT=${man_dir}/mozart-studio.1.gz
                "-DSEE_ALSO=.BR mozart (1)" -P ${CMAKE_SOURCE_DIR}/packaging/ManPage.cmake
        DEPENDS mozart-studio ${CMAKE_SOURCE_DIR}/packaging/ManPage.cmake
        COMMENT "Man page of mozart-studio from its --help" VERBATIM)
    add_custom_target(mozart_man_pages ALL DEPENDS ${man_dir}/mozart.1.gz ${man_dir}/mozart-studio.1.gz)
    install(FILES ${man_dir}/mozart.1.gz ${man_dir}/mozart-studio.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    message(STATUS "help2man not found (or sanitizer build): no man pages")
endif()

# The Debian package. Library dependencies come from dpkg-shlibdeps; the rest is what the programs
# load at run time without linking it (Qt's platform plugins) or use when present.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mozart-studio)
set(CPACK_PACKAGE_VENDOR "Mozart Studio developers")
set(CPACK_PACKAGE_CONTACT "${MOZART_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "studio for symbolic music generation (MIDI, REMI, Transformer)")
set(CPACK_PACKAGE_DESCRIPTION "Mozart Studio reads MIDI files, tokenizes them with REMI exactly as MidiTok does,
trains a Transformer language model with LibTorch, generates new pieces, shows them
in a piano roll, plays them through FluidSynth and exports MIDI and audio.
.
This package contains the studio window (mozart-studio) and the command line
tool (mozart).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${MOZART_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MOZART_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fluid-soundfont-gm, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fluidsynth")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)

if(MOZART_BUILD_TESTS)
    enable_testing()
    add_test(NAME tst_desktopfiles COMMAND ${CMAKE_SOURCE_DIR}/packaging/check-desktop-files.sh
             ${MOZART_DESKTOP_FILE} ${MOZART_METAINFO_FILE} ${CMAKE_SOURCE_DIR}/packaging/mozart-studio-mime.xml)
    set_tests_properties(tst_desktopfiles PROPERTIES SKIP_RETURN_CODE 77)
endif()
