#!/usr/bin/env python3
"""Drives the operator console in a headless Chromium, for ConsoleBrowserTests.

usage: console_browser.py requeue BASE ROW_ID
       console_browser.py imported BASE ROW_ID SCREENSHOT

`requeue` loads every page, checks that none logged an error (a CSP violation would), ticks the dead row on the
dead rows page, submits, confirms, and checks the page that follows says it was requeued. `imported` loads the row's
page until it says imported, then saves a screenshot of the overview. Prints one line per step; exits 1 on a failure.
"""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1700"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def expect(condition, message):
    if not condition:
        print("FAILED: " + message)
        sys.exit(1)
    print("ok: " + message)


def wait_for_heading(driver, heading):
    """A click returns before the page it submits has loaded: wait for the next page's heading (generously).

    While the old page is replaced, asking for its heading can fail in several ways (a stale element, a node that no
    longer belongs to the document); each means "not yet", so the wait asks again rather than giving up: a CI run
    once failed here after 12 s on a page that had loaded."""
    try:
        WebDriverWait(driver, 60, ignored_exceptions=[WebDriverException]).until(
            expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), heading)
        )
    except Exception as error:
        print("FAILED: no page headed " + heading + " at " + driver.current_url + " (" + type(error).__name__ + ": "
              + str(error)[:300] + "); the browser logged " + repr(driver.get_log("browser")))
        print(driver.page_source[:3000])
        sys.exit(1)


def no_console_errors(driver, page):
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    expect(not errors, page + " logged no error " + repr(errors))


def requeue(base, row):
    driver = browser()
    try:
        for path, heading in [("/", "Overview"), ("/dead", "Dead rows"), ("/halts", "Halts"), ("/rows/" + row, "Row " + row)]:
            driver.get(base + path)
            expect(driver.find_element(By.TAG_NAME, "h1").text == heading, path + " shows " + heading)
            no_console_errors(driver, path)
        driver.get(base + "/dead")
        # The stylesheet applied: CSP allows 'self' styles, so the header is dark.
        header = driver.find_element(By.TAG_NAME, "header").value_of_css_property("background-color")
        expect(header in ("rgba(29, 35, 48, 1)", "rgb(29, 35, 48)"), "the stylesheet is applied (" + header + ")")
        driver.find_element(By.CSS_SELECTOR, 'input[type="checkbox"][value="' + row + '"]').click()
        driver.find_element(By.XPATH, '//button[text()="Requeue selected…"]').click()
        wait_for_heading(driver, "Requeue dead rows")
        text = driver.find_element(By.TAG_NAME, "main").text
        expect("Requeue 1 dead row(s)?" in text, "the confirmation counts 1 row: " + text[:300])
        driver.find_element(By.XPATH, '//button[text()="Requeue 1 row(s)"]').click()
        wait_for_heading(driver, "Dead rows")
        expect("Requeued 1 dead row(s)" in driver.find_element(By.TAG_NAME, "main").text, "the dead rows page says it was requeued")
        no_console_errors(driver, "the requeue")
    finally:
        driver.quit()


def imported(base, row, screenshot):
    driver = browser()
    try:
        deadline = time.monotonic() + 60
        while True:
            driver.get(base + "/rows/" + row)
            text = driver.find_element(By.TAG_NAME, "main").text
            if "Dixa conversation" in text or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        expect("Dixa conversation" in text and "imported" in text, "the row page shows the row imported")
        driver.get(base + "/")
        expect(driver.find_element(By.TAG_NAME, "h1").text == "Overview", "the overview loads")
        no_console_errors(driver, "/")
        expect(driver.save_screenshot(screenshot), "screenshot saved to " + screenshot)
    finally:
        driver.quit()


if __name__ == "__main__":
    if sys.argv[1] == "requeue":
        requeue(sys.argv[2], sys.argv[3])
    else:
        imported(sys.argv[2], sys.argv[3], sys.argv[4])
