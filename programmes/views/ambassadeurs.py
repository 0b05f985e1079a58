"""ambassadeurs"""
